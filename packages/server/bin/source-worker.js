// Entry of a server worker thread when the server runs from its TypeScript source (vitest, tsx):
// registers tsx and the `@vigil/source` export condition in this thread (workers do not inherit
// hooks registered in code), then imports the worker module named in `workerData.entry`.
import { register } from 'node:module';
import { workerData } from 'node:worker_threads';
import { register as registerTsx } from 'tsx/esm/api';

// Hooks run last-registered first, so the condition is added before tsx resolves anything.
registerTsx();
register(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) {' +
        ' const conditions = context.conditions.includes("@vigil/source") ? context.conditions : ["@vigil/source", ...context.conditions];' +
        ' return next(specifier, { ...context, conditions }); }',
    ),
);

await import(workerData.entry);
