// Entry of a drift worker thread: registers the same source hooks as `vigil.js` (workers do not
// inherit hooks registered in code), then runs the TypeScript worker.
import { registerSourceHooks } from './source-hooks.js';

registerSourceHooks();

await import('../src/report/drift-worker.ts');
