import { describe, expect, it } from 'vitest';
import type { RouteSpec } from '../api/route-spec.js';
import { actionOf, isAudited } from './route-audit.js';

const spec = (method: RouteSpec['method'], operationId: string): RouteSpec =>
  ({ method, operationId, url: '/x', summary: '', tag: 't', scope: 'admin', responses: {}, handler: () => Promise.resolve(null) }) as RouteSpec;

describe('which routes the audit log records', () => {
  it('names actions <entity>.<verb> from operation ids', () => {
    expect(actionOf('createMonitor')).toEqual({ entity: 'monitor', verb: 'create' });
    expect(actionOf('replaceMonitor')).toEqual({ entity: 'monitor', verb: 'update' });
    expect(actionOf('putNotificationPolicy')).toEqual({ entity: 'notificationPolicy', verb: 'update' });
    expect(actionOf('acknowledgeAlert')).toEqual({ entity: 'alert', verb: 'acknowledge' });
    expect(actionOf('revokeKey')).toEqual({ entity: 'key', verb: 'revoke' });
    expect(actionOf('x')).toBeUndefined();
  });
  it('records changes, not reads and not streams of events, samples or spans', () => {
    for (const id of ['createMonitor', 'deleteChannel', 'putReference', 'commentAlert', 'createExperiment', 'putPricing', 'rotateKey'])
      expect(isAudited(spec('POST', id)), id).toBe(true);
    expect(isAudited(spec('GET', 'getMonitor'))).toBe(false);
    for (const id of ['logPredictions', 'logLabels', 'logExposures', 'appendDatasetRows', 'postHostSamples', 'exportTraces', 'testChannel', 'eraseModelEvents'])
      expect(isAudited(spec('POST', id)), id).toBe(false);
  });
});
