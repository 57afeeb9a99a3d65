// A channel that a monitor or the notification policy sends to cannot be deleted (409 naming who
// uses it), on both stores: a receiver that is gone would stop all of the project's notifications.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServerOn } from '../testing.js';
import type { TestServer } from '../testing.js';

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`deleting a channel in use (${kind})`, () => {
    let s: TestServer;

    beforeAll(async () => {
      s = await createTestServerOn(kind);
      expect((await s.request('POST', '/v1/models', { name: 'm', type: 'binary' })).status).toBe(201);
      for (const name of ['pager', 'team'])
        expect((await s.request('POST', '/v1/channels', { name, type: 'webhook', url: 'http://127.0.0.1:9/hook' })).status).toBe(201);
      expect((await s.request('POST', '/v1/monitors', { name: 'vol', model: 'm', type: 'volume', min: 1, channels: ['pager'] })).status).toBe(201);
      expect(
        (await s.request('PUT', '/v1/notification-policy', { route: { receiver: 'team', routes: [{ receiver: 'pager', matchers: ['severity="critical"'] }] } }))
          .status,
      ).toBe(200);
    });
    afterAll(() => s.close());

    it('is refused with 409 naming the monitor and the policy route, and nothing is deleted', async () => {
      const r = await s.request('DELETE', '/v1/channels/pager');
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('CONFLICT');
      expect(r.body.error.message).toContain('monitor "vol"');
      expect(r.body.error.message).toContain("the notification policy's route.routes[0]");
      const team = await s.request('DELETE', '/v1/channels/team');
      expect(team.status).toBe(409);
      expect(team.body.error.message).toContain("the notification policy's route");
      expect((await s.request('GET', '/v1/channels')).body.channels.map((c: { name: string }) => c.name).sort()).toEqual(['pager', 'team']);
    });

    it('goes through once nothing sends to it, and the alerting loop keeps working', async () => {
      expect((await s.request('DELETE', '/v1/monitors/vol')).status).toBe(204);
      expect((await s.request('PUT', '/v1/notification-policy', { route: { receiver: 'team' } })).status).toBe(200);
      expect((await s.request('DELETE', '/v1/channels/pager')).status).toBe(204);
      expect((await s.request('DELETE', '/v1/channels/pager')).status).toBe(404);
      await expect(s.services.alerting.tick(Date.now())).resolves.toBeUndefined();
    });
  });
}
