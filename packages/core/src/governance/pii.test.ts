import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPiiPolicy, detectPii, luhnValid, maskValue } from './pii.js';

const hash = (s: string) => createHmac('sha256', 'test-key').update(s).digest('hex');

describe('luhnValid', () => {
  it('accepts the well-known test card numbers and refuses one digit off', () => {
    for (const n of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117', '79927398713']) expect(luhnValid(n), n).toBe(true);
    for (const n of ['4111111111111112', '79927398710', '']) expect(luhnValid(n), n).toBe(false);
  });
  it('catches every single-digit change of a valid number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 9 }), (i, delta) => {
        const base = '4111111111111111';
        const d = (Number(base[i]) + delta) % 10;
        return !luhnValid(base.slice(0, i) + String(d) + base.slice(i + 1));
      }),
    );
  });
});

describe('detectPii', () => {
  it('finds e-mails, Luhn-valid cards and phone numbers in free text', () => {
    const text = 'mail ana.perez+x@example.co.uk, card 4111 1111 1111 1111, call +44 20 7946 0958 or (555) 123-4567; order 1234567890123 and 12.5';
    expect(detectPii(text).map((m) => [m.kind, m.text])).toEqual([
      ['email', 'ana.perez+x@example.co.uk'],
      ['card', '4111 1111 1111 1111'],
      ['phone', '+44 20 7946 0958'],
      ['phone', '(555) 123-4567'],
    ]);
  });
  it('does not take a Luhn-invalid digit run for a card', () => {
    expect(detectPii('4111111111111112', ['card'])).toEqual([]);
  });
});

describe('applyPiiPolicy', () => {
  it('drops, masks and hashes named fields, and acts on detections in the other strings', () => {
    const r = applyPiiPolicy(
      { email: 'ana@example.com', ssn: '123-45-6789', customer: 'c-42', note: 'paid with 5555 5555 5555 4444 by bob@example.org', age: 41, ok: 'nothing here' },
      { fields: { email: 'hash', ssn: 'drop', customer: 'mask' }, detect: { card: 'mask', email: 'hash' } },
      hash,
    );
    expect(r.value).toEqual({
      email: `hmac:${hash('ana@example.com')}`,
      customer: '****',
      note: `paid with ***************4444 by hmac:${hash('bob@example.org')}`,
      age: 41,
      ok: 'nothing here',
    });
    expect(r.counts).toEqual({ 'field.hash': 1, 'field.drop': 1, 'field.mask': 1, 'card.mask': 1, 'email.hash': 1 });
    // The same value hashes the same way: joins still work.
    expect(applyPiiPolicy({ email: 'ana@example.com' }, { fields: { email: 'hash' } }, hash).value.email).toBe(r.value.email);
  });
  it('drops a whole string in which a match must be dropped', () => {
    expect(applyPiiPolicy({ note: 'call 0044 20 7946 0958 now', x: 1 }, { detect: { phone: 'drop' } }, hash).value).toEqual({ x: 1 });
  });
  it('masks keeping an e-mail’s domain or the last four characters', () => {
    expect(maskValue('ana@example.com')).toBe('***@example.com');
    expect(maskValue('4111111111111111', 'card')).toBe('************1111');
    expect(maskValue('abc')).toBe('***');
  });
});
