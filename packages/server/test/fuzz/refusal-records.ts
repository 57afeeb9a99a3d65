// What a refused request may write: a 403 is recorded in the audit log (an `authorization.deny`
// entry and its signed tree head). A snapshot without those records is what "a refused request
// changes nothing" compares.

import type { StoreSnapshot } from './store-snapshot.js';

export function withoutRefusalRecords(s: StoreSnapshot): StoreSnapshot {
  const out: Record<string, readonly string[]> = {};
  for (const [table, rows] of Object.entries(s)) {
    if (table === 'audit_tree_heads') continue;
    out[table] = table === 'audit_log' ? rows.filter((r) => !r.includes('["action","authorization.deny"]')) : rows;
  }
  return out;
}
