import { describe, expect, it } from 'vitest';
import { VigilSdkConfigError, resolveClientOptions } from './client-options.js';
import type { VigilClientOptions } from './client-options.js';

const base = { url: 'http://localhost:8080/', apiKey: 'k', model: 'churn' };

describe('resolveClientOptions', () => {
  it('fills the documented defaults once', () => {
    const o = resolveClientOptions(base);
    expect(o).toMatchObject({
      baseUrl: 'http://localhost:8080',
      maxQueueSize: 100_000,
      maxBatchSize: 1_000,
      flushIntervalMs: 1_000,
      maxConcurrentRequests: 4,
      maxRetries: 8,
      initialBackoffMs: 100,
      maxBackoffMs: 30_000,
      requestTimeoutMs: 10_000,
      shutdownTimeoutMs: 10_000,
      compression: 'none',
      diagnosticsIntervalMs: 10_000,
      version: undefined,
      onError: undefined,
    });
    expect(resolveClientOptions({ ...base, url: 'https://vigil.example.com/prefix//' }).baseUrl).toBe('https://vigil.example.com/prefix');
  });

  it('throws at construction, naming the option and what it must be', () => {
    const bad = (o: Partial<VigilClientOptions> & Record<string, unknown>) => () => resolveClientOptions({ ...base, ...o } as VigilClientOptions);
    expect(bad({ url: 'localhost:8080' })).toThrow(/`url` must be an http: or https: URL/);
    expect(bad({ url: 'not a url' })).toThrow(/`url` must be an absolute http\(s\) URL/);
    expect(bad({ apiKey: '' })).toThrow(/`apiKey` must be a non-empty string/);
    expect(bad({ model: undefined as unknown as string })).toThrow(/`model`/);
    expect(bad({ maxBatchSize: 20_000 })).toThrow(/`maxBatchSize` must be an integer from 1 to 10000/);
    expect(bad({ maxQueueSize: 0 })).toThrow(VigilSdkConfigError);
    expect(bad({ flushIntervalMs: 1.5 })).toThrow(/`flushIntervalMs`/);
    expect(bad({ compression: 'brotli' as 'gzip' })).toThrow(/`compression` must be 'gzip' or 'none'/);
    expect(bad({ maxBackoffMs: 10, initialBackoffMs: 100 })).toThrow(/`maxBackoffMs` must be an integer from 100/);
    expect(bad({ version: '' })).toThrow(/`version`/);
  });
});
