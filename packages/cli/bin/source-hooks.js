// Makes this thread run the TypeScript source directly: registers tsx and a resolve hook that adds the
// `@vigil/source` export condition. Shared by the `vigil` entry point and its worker threads.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

export function registerSourceHooks() {
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
}
