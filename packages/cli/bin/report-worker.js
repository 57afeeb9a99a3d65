// Entry of a report worker thread when Vigil runs from its TypeScript source: registers the same
// source hooks as `vigil.js` (workers do not inherit hooks registered in code), then runs the worker.
import { registerSourceHooks } from './source-hooks.js';

registerSourceHooks();

await import('../src/report/report-worker.ts');
