// Leadership on PostgreSQL: of several replicas on one schema exactly one leads; when its session
// ends another takes over within the retry interval; stores in other schemas elect apart; and the
// outbox claim gives a notification to one deliverer only.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema } from '../testing.js';
import { openStore } from '../storage/open-store.js';
import { AdvisoryLeadership, soleLeadership } from './leadership.js';

let a: { url: string; drop(): Promise<void> };
let b: { url: string; drop(): Promise<void> };
beforeAll(async () => {
  a = await createTestSchema();
  b = await createTestSchema();
});
afterAll(async () => {
  await a.drop();
  await b.drop();
});

const waitUntil = async (check: () => boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('leadership', () => {
  it('is held at once and for good by a lone SQLite server', () => {
    const l = soleLeadership();
    expect([l.isLeader(), l.role]).toEqual([true, 'leader']);
  });

  it('has one leader per schema, handed over within the retry interval when the leader goes', async () => {
    const first = await AdvisoryLeadership.start({ url: a.url, retryMs: 100 });
    const second = await AdvisoryLeadership.start({ url: a.url, retryMs: 100 });
    const elsewhere = await AdvisoryLeadership.start({ url: b.url, retryMs: 100 });
    try {
      expect([first.role, second.role, elsewhere.role]).toEqual(['leader', 'follower', 'leader']);
      const roles: string[] = [];
      second.onChange = (r) => roles.push(r);
      const t0 = Date.now();
      await first.stop();
      await waitUntil(() => second.isLeader(), 2000);
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(roles).toEqual(['leader']);
      expect(first.isLeader()).toBe(false);
    } finally {
      await Promise.all([first.stop(), second.stop(), elsewhere.stop()]);
    }
  });

  it('steps down when its session is killed, and the lock goes to one replica again', async () => {
    const leader = await AdvisoryLeadership.start({ url: a.url, retryMs: 100 });
    const other = await AdvisoryLeadership.start({ url: a.url, retryMs: 100 });
    const admin = new pg.Client({ connectionString: a.url });
    await admin.connect();
    try {
      expect([leader.role, other.role]).toEqual(['leader', 'follower']);
      const changes: string[] = [];
      leader.onChange = (r) => changes.push(r);
      // End the leader's session from outside, as a database restart or a network cut would.
      const held = await admin.query<{ pid: number }>("select pid from pg_locks where locktype = 'advisory' and classid = $1 and granted", [0x5649_4c01]);
      expect(held.rows).toHaveLength(1);
      await admin.query('select pg_terminate_backend($1)', [held.rows[0]!.pid]);
      await waitUntil(() => changes.includes('follower'), 3000);
      // Either may take the lock again (the old leader reconnects and tries too), but only one holds it.
      await waitUntil(() => leader.isLeader() || other.isLeader(), 3000);
      await new Promise((r) => setTimeout(r, 300));
      expect([leader.isLeader(), other.isLeader()].filter(Boolean)).toHaveLength(1);
      const now = await admin.query("select count(*)::int as n from pg_locks where locktype = 'advisory' and classid = $1 and granted", [0x5649_4c01]);
      expect(now.rows[0].n).toBe(1);
    } finally {
      await admin.end();
      await Promise.all([leader.stop(), other.stop()]);
    }
  });
});

describe('outbox claims', () => {
  it('gives each due notification to one deliverer, and again once the claim has run out', async () => {
    const store = await openStore({ location: a.url });
    try {
      const project = (await store.db.insertInto('projects').values({ name: 'p', created_at: 0 }).returning('id').executeTakeFirstOrThrow()).id;
      const channel = (
        await store.db
          .insertInto('channels')
          .values({ project_id: project, name: 'c', type: 'webhook', config: '{}', created_at: 0 })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      const ids: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await store.db
          .insertInto('outbox')
          .values({
            project_id: project,
            channel_id: channel,
            group_key: `g${i}`,
            status: 'pending',
            payload: '{}',
            attempts: 0,
            next_attempt_at: 0,
            last_error: null,
            created_at: 0,
            sent_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(Number(r.id));
      }
      // Two deliverers at once: every id goes to exactly one of them.
      const [x, y] = await Promise.all([store.alerting.claimOutbox(ids, 10, 1000), store.alerting.claimOutbox(ids, 10, 1000)]);
      expect([...x, ...y].sort()).toEqual([...ids].sort());
      expect([...x].filter((id) => y.has(id))).toEqual([]);
      // While claimed, no one else gets them; after the lease, one deliverer does.
      expect((await store.alerting.claimOutbox(ids, 500, 1000)).size).toBe(0);
      expect((await store.alerting.claimOutbox(ids, 1010, 1000)).size).toBe(4);
    } finally {
      await store.close();
    }
  });
});
