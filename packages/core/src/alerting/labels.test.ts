// Label-set fingerprints held to prometheus/common's test vector and to an independent FNV-1a
// implementation (fixtures/gen_alerting.py); group keys and orderings as Alertmanager writes them.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalLabels, compareLabels, fingerprint, formatLabels, groupKey, labelsEqual } from './labels.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/alerting.json', import.meta.url), 'utf8')) as {
  fingerprints: { labels: Record<string, string>; fingerprint: string }[];
};

describe('fingerprint', () => {
  it("matches prometheus/common's TestLabelsToSignature vectors", () => {
    expect(BigInt(`0x${fingerprint({})}`)).toBe(14695981039346656037n);
    expect(BigInt(`0x${fingerprint({ name: 'garland, briggs', fear: 'love is not enough' })}`)).toBe(5799056148416392346n);
  });

  it('matches the Python FNV-1a reference on every fixture label set', () => {
    for (const { labels, fingerprint: expected } of fixture.fingerprints) expect(fingerprint(labels)).toBe(expected);
  });

  it('does not depend on the order of the labels', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 6, unit: 'binary' }), fc.string({ maxLength: 8, unit: 'binary' })), (labels) => {
        const reversed = Object.fromEntries(Object.entries(labels).reverse());
        expect(fingerprint(reversed)).toBe(fingerprint(labels));
        expect(fingerprint(labels)).toMatch(/^[0-9a-f]{16}$/);
      }),
    );
  });

  it('hashes a lone surrogate as U+FFFD, as Go reads it from JSON', () => {
    expect(fingerprint({ a: 'x\uD800y' })).toBe(fingerprint({ a: 'x\uFFFDy' }));
    expect(fingerprint({ '\uDC00': 'v' })).toBe(fingerprint({ '\uFFFD': 'v' }));
  });

  it('separates names from values (no concatenation collisions)', () => {
    expect(fingerprint({ ab: 'c' })).not.toBe(fingerprint({ a: 'bc' }));
    expect(fingerprint({ a: '' })).not.toBe(fingerprint({}));
  });
});

describe('label set strings and group keys', () => {
  it("prints Go's LabelSet.String: sorted, Go-quoted values", () => {
    expect(formatLabels({})).toBe('{}');
    expect(formatLabels({ severity: 'critical', alertname: 'ProbeFailure' })).toBe('{alertname="ProbeFailure", severity="critical"}');
    expect(formatLabels({ a: 'x"y\\z\n\t\u0001é🙂\u00a0' })).toBe('{a="x\\"y\\\\z\\n\\t\\x01é🙂\\u00a0"}');
  });
  it("builds Alertmanager's group key", () => {
    expect(groupKey('{}/{severity="critical"}', { alertname: 'ProbeFailure' })).toBe('{}/{severity="critical"}:{alertname="ProbeFailure"}');
    expect(groupKey('{}', {})).toBe('{}:{}');
  });
});

describe('ordering', () => {
  it("follows Go's LabelSet.Before", () => {
    expect(compareLabels({ a: '1' }, { a: '1', b: '2' })).toBeLessThan(0);
    // At the first name only one set has (b), the set lacking it comes first.
    expect(compareLabels({ a: '1', c: '1' }, { a: '1', b: '1' })).toBeLessThan(0);
    expect(compareLabels({ a: '1', b: '1' }, { a: '1', c: '1' })).toBeGreaterThan(0);
    expect(compareLabels({ a: '1' }, { a: '2' })).toBeLessThan(0);
    expect(compareLabels({ a: 'x' }, { a: 'x' })).toBe(0);
    // Byte order of UTF-8, not UTF-16: U+FF5E sorts before U+1F642.
    expect(compareLabels({ a: '\uff5e' }, { a: '🙂' })).toBeLessThan(0);
  });
  it('compares and canonicalises label sets', () => {
    expect(labelsEqual({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true);
    expect(labelsEqual({ a: '1' }, { a: '1', b: '' })).toBe(false);
    expect(Object.keys(canonicalLabels({ b: '1', a: '2', B: '3' }))).toEqual(['B', 'a', 'b']);
  });
});
