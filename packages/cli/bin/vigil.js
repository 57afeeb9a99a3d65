#!/usr/bin/env node
// Entry point of the `vigil` command: runs the TypeScript source directly (no build step) by
// registering tsx and a resolve hook that adds the `@vigil/source` export condition.
import process from 'node:process';
import { registerSourceHooks } from './source-hooks.js';

registerSourceHooks();

const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
