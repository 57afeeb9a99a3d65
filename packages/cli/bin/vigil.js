#!/usr/bin/env node
// Entry point of the `vigil` command. Runs the built JavaScript (`dist/`, built by `npm install`)
// when it is current, so neither this process nor its worker threads compile TypeScript; otherwise
// (sources edited since the build, or no build) runs the TypeScript source through tsx.
// VIGIL_FROM_SOURCE=1 always runs the source.
import process from 'node:process';
import { URL } from 'node:url';
import { builtIsFresh } from './built-is-fresh.js';

let main;
if (process.env.VIGIL_FROM_SOURCE !== '1' && builtIsFresh(new URL('../', import.meta.url))) {
  try {
    ({ main } = await import('../dist/main.js'));
  } catch {
    // A build that does not load (made from sources that did not typecheck) is no reason to fail.
    main = undefined;
  }
}
if (main === undefined) {
  const { registerSourceHooks } = await import('./source-hooks.js');
  registerSourceHooks();
  ({ main } = await import('../src/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
