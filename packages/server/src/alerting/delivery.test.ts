import { describe, expect, it } from 'vitest';
import { backoffMs, signBody } from './delivery.js';

describe('webhook signature', () => {
  it("matches GitHub's published test vector", () => {
    // docs.github.com, "Validating webhook deliveries": secret, payload and expected signature.
    expect(signBody("It's a Secret to Everybody", 'Hello, World!')).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  });
});

describe('backoff', () => {
  it('doubles per attempt between half and all of the ceiling, up to the cap', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => backoffMs(a, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30, () => 1)).toBe(300_000);
  });
});
