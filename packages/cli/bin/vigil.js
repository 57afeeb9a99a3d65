#!/usr/bin/env node
// Entry point of the `vigil` command: runs the TypeScript source directly (no build step) by
// registering tsx and a resolve hook that adds the `@vigil/source` export condition.
import { register } from 'node:module';
import process from 'node:process';
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

const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
