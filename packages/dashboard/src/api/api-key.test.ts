import { describe, expect, it } from 'vitest';
import { actingAs } from './api-key.js';

describe('actingAs', () => {
  it("starts as the key's name, so an acknowledgement needs no typing", () => {
    expect(actingAs(null, 'ana')).toBe('ana');
    expect(actingAs('', 'ana')).toBe('ana');
    expect(actingAs('  ', 'ana')).toBe('ana');
  });
  it('keeps the name typed last in this browser', () => {
    expect(actingAs('Ana Lima', 'oncall-key')).toBe('Ana Lima');
  });
  it('is empty only while neither is known', () => {
    expect(actingAs(null, undefined)).toBe('');
  });
});
