import { describe, expect, it } from 'vitest';
import { keyCan, missingScopeNote } from './permissions.js';
import type { KeyAction, KeyScopes } from './permissions.js';

const known = (...scopes: ('ingest' | 'read' | 'respond' | 'admin')[]): KeyScopes => ({ status: 'known', scopes });
const offered = (key: KeyScopes): KeyAction[] => (['manage', 'respond'] as const).filter((a) => keyCan(key, a));

describe('keyCan', () => {
  it('offers a read-only key no button that changes anything', () => {
    expect(offered(known('read'))).toEqual([]);
    expect(offered(known('read', 'ingest'))).toEqual([]);
  });
  it('lets respond act on alerts and silences, and admin do everything', () => {
    expect(offered(known('read', 'respond'))).toEqual(['respond']);
    expect(offered(known('admin'))).toEqual(['manage', 'respond']);
  });
  it('offers nothing while the scopes load, and everything when the server cannot say', () => {
    expect(offered({ status: 'loading' })).toEqual([]);
    expect(offered({ status: 'unknown' })).toEqual(['manage', 'respond']);
  });
  it('names the missing scope only once the scopes are known to lack it', () => {
    expect(missingScopeNote(known('read'), 'respond')).toMatch(/respond scope/);
    expect(missingScopeNote(known('read', 'respond'), 'manage')).toMatch(/admin scope/);
    expect(missingScopeNote(known('read', 'respond'), 'respond')).toBeNull();
    expect(missingScopeNote({ status: 'loading' }, 'respond')).toBeNull();
    expect(missingScopeNote({ status: 'unknown' }, 'manage')).toBeNull();
  });
});
