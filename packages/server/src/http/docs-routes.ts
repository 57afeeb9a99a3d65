// `/docs`: interactive reference docs (swagger-ui-dist, served from this server, no CDN) over
// `/docs/openapi.json`, the OpenAPI document generated from the route declarations.

import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The files of swagger-ui-dist the page loads, with their content types. */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Vigil API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script src="/docs/assets/docs-init.js"></script>
</body>
</html>
`;

// A file of its own rather than an inline script, so a strict Content-Security-Policy can allow it.
const INIT = `window.ui = SwaggerUIBundle({
  url: '/docs/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

/** Routes that are the docs' page and assets, not API operations: the OpenAPI test leaves them out. */
export const DOCS_UI_ROUTES = ['GET /docs', 'GET /docs/assets/*'] as const;

export function registerDocs(app: FastifyInstance): void {
  const root = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  app.get('/docs/assets/*', { config: { hidden: true } }, async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    if (file === 'docs-init.js') return reply.type('text/javascript; charset=utf-8').send(INIT);
    const type = ASSETS[file];
    if (type === undefined) return reply.callNotFound();
    reply.header('cache-control', 'public, max-age=86400');
    return reply.type(type).send(createReadStream(join(root, file)));
  });
  app.get('/docs', { config: { hidden: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
}
