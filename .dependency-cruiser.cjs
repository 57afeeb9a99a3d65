// Import rules, checked by `npm run lint` (dependency-cruiser): no import cycles anywhere, type-only
// imports included; packages depend one way (stats ← core ← tables/server ← cli); inside the server
// only the HTTP layer (http/) knows Fastify, and nothing outside http/ imports from it except the
// package's entry points (index.ts, testing.ts).

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: modules that need each other belong together, or one of them needs a smaller dependency.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'server-http-is-the-edge',
      severity: 'error',
      comment: 'Services, routes declarations, loops and storage never import the HTTP layer; only the package entry points re-export it.',
      from: {
        path: '^packages/server/src/',
        pathNot: ['^packages/server/src/http/', '^packages/server/src/index\\.ts$', '^packages/server/src/testing\\.ts$'],
      },
      to: { path: '^packages/server/src/http/' },
    },
    {
      name: 'only-http-knows-fastify',
      severity: 'error',
      comment: 'Route declarations are data (api/route-spec.ts); mounting them on Fastify is http/’s job.',
      from: { path: '^packages/server/src/', pathNot: ['^packages/server/src/http/', '\\.test\\.ts$'] },
      to: { path: 'node_modules/(fastify|@fastify)/' },
    },
    {
      name: 'stats-imports-nothing',
      severity: 'error',
      from: { path: '^packages/stats/src/', pathNot: '\\.test\\.ts$' },
      to: { path: ['^packages/(?!stats/)', 'node_modules'] },
    },
    {
      name: 'wire-imports-only-zod',
      severity: 'error',
      from: { path: '^packages/wire/src/', pathNot: '\\.test\\.ts$' },
      to: { path: ['^packages/(?!wire/)', 'node_modules/(?!zod/)'] },
    },
    {
      name: 'core-imports-stats-and-wire',
      severity: 'error',
      comment:
        'Core is browser-safe pure logic: besides stats and wire it may import only zod and re2js (a pure-JavaScript RE2, so user-supplied matcher regexes run in linear time, as Alertmanager’s Go RE2 does).',
      from: { path: '^packages/core/src/', pathNot: '\\.test\\.ts$' },
      to: { path: ['^packages/(?!core/|stats/|wire/)', 'node_modules/(?!zod/|re2js/)'] },
    },
    {
      name: 'no-node-builtins-in-browser-packages',
      severity: 'error',
      from: { path: '^packages/(stats|core|wire)/src/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'tables-below-server-and-cli',
      severity: 'error',
      from: { path: '^packages/tables/src/' },
      to: { path: '^packages/(server|cli|sdk|dashboard)/' },
    },
    {
      name: 'server-below-cli',
      severity: 'error',
      from: { path: '^packages/server/src/' },
      to: { path: '^packages/(cli|sdk|dashboard)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['/dist/', '\\.d\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['@vigil/source', 'import', 'types', 'default'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
