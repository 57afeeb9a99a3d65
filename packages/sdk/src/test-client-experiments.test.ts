// The in-memory client's experiments: assign() from the definitions it was given (GrowthBook's
// hashing), exposures and outcomes recorded, bad ones refused with the reason the HTTP client reports.

import { describe, expect, it } from 'vitest';
import { assignVariant } from './experiment-assignment.js';
import { createTestClient } from './test-client.js';

const banner = {
  name: 'banner',
  key: null,
  hashVersion: 2 as const,
  coverage: 1,
  status: 'running',
  variants: [
    { name: 'a', weight: 0.5 },
    { name: 'b', weight: 0.5 },
  ],
};

describe('test client experiments', () => {
  it('assigns from its definitions and records exposures and outcomes', async () => {
    const client = createTestClient({ experiments: [banner], onError: () => {} });
    const a = await client.assign('banner', 'u1');
    expect(a).toEqual(assignVariant(banner, 'u1'));
    expect(client.exposures).toEqual([expect.objectContaining({ experiment: 'banner', unit: 'u1', variant: a.variant })]);
    expect(await client.assign('other', 'u1')).toEqual({ variant: null, index: -1, hash: null });
    client.logOutcome('banner', 'u1', 'clicks', 3, 1_700_000_000_000);
    expect(client.outcomes).toEqual([{ experiment: 'banner', unit: 'u1', metric: 'clicks', value: 3, timestamp: 1_700_000_000_000 }]);
    client.logOutcome('banner', 'u1', 'clicks', Number.NaN);
    client.logExposure('bad name', 'u1', 'a');
    expect(client.refused.map((r) => [r.stream, r.reason])).toEqual([
      ['outcomes', 'invalid'],
      ['exposures', 'invalid'],
    ]);
    expect(client.stats().sent).toBe(2);
  });
});
