import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_PATTERN, jsonDiff, redactSecrets } from './audit-entry.js';

describe('jsonDiff', () => {
  it('lists each changed leaf with its path', () => {
    expect(jsonDiff({ a: 1, b: { c: 2, d: [1, 2] }, e: 'x' }, { a: 1, b: { c: 3, d: [1, 2, 3] }, f: true })).toEqual([
      { path: 'b.c', before: 2, after: 3 },
      { path: 'b.d', before: [1, 2], after: [1, 2, 3] },
      { path: 'e', before: 'x' },
      { path: 'f', after: true },
    ]);
  });
  it('records a creation and a deletion as one change of the whole value', () => {
    expect(jsonDiff(null, { a: 1 })).toEqual([{ path: '', after: { a: 1 } }]);
    expect(jsonDiff({ a: 1 }, undefined)).toEqual([{ path: '', before: { a: 1 } }]);
    expect(jsonDiff({ a: 1 }, { a: 1 })).toEqual([]);
    expect(jsonDiff({ a: { y: 1, x: 2 } }, { a: { x: 2, y: 1 } })).toEqual([]);
  });
});

describe('redactSecrets', () => {
  it('hides secret members and API keys wherever they sit', () => {
    expect(
      redactSecrets({ name: 'k', key: 'vgl_abc_def', config: { url: 'https://h', secret: 's3', nested: [{ password: 'p' }] }, note: 'vgl_id1_secretpart' }),
    ).toEqual({ name: 'k', key: '[redacted]', config: { url: 'https://h', secret: '[redacted]', nested: [{ password: '[redacted]' }] }, note: '[redacted]' });
    expect(redactSecrets({ adminKey: { id: 'a', key: 'vgl_x_y' } })).toEqual({ adminKey: { id: 'a', key: '[redacted]' } });
  });
  it('names actions as <entity>.<verb>', () => {
    expect(AUDIT_ACTION_PATTERN.test('monitor.update')).toBe(true);
    expect(AUDIT_ACTION_PATTERN.test('notificationPolicy.replace')).toBe(true);
    expect(AUDIT_ACTION_PATTERN.test('monitor')).toBe(false);
  });
});
