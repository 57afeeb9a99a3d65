// `vigil serve` settings: flags over the environment over the config file, validated once.

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addServeOptions, resolveServeConfig } from './serve-command.js';
import type { ServeFlags } from './serve-command.js';

describe('resolveServeConfig', () => {
  it('requires a key for /metrics with --metrics-require-key or VIGIL_METRICS_REQUIRE_KEY, and not by default', async () => {
    const command = addServeOptions(new Command()).exitOverride();
    command.parse(['--metrics-require-key'], { from: 'user' });
    expect((await resolveServeConfig(command.opts<ServeFlags>(), {})).metricsRequireKey).toBe(true);
    expect((await resolveServeConfig({}, {})).metricsRequireKey).toBe(false);
    expect((await resolveServeConfig({}, { VIGIL_METRICS_REQUIRE_KEY: 'true' })).metricsRequireKey).toBe(true);
    expect((await resolveServeConfig({}, { VIGIL_METRICS_REQUIRE_KEY: 'false' })).metricsRequireKey).toBe(false);
  });
});
