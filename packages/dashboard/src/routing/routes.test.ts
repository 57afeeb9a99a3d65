import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from './routes.js';
import type { Route } from './routes.js';

describe('routes', () => {
  it('reads every page from its path, decoding names', () => {
    expect(parseRoute('/')).toEqual({ page: 'overview' });
    expect(parseRoute('')).toEqual({ page: 'overview' });
    expect(parseRoute('/models/credit-default')).toEqual({ page: 'model', model: 'credit-default' });
    expect(parseRoute('/models/credit-default/')).toEqual({ page: 'model', model: 'credit-default' });
    expect(parseRoute('/models/m/features/debt%20to%20income')).toEqual({ page: 'feature', model: 'm', feature: 'debt to income' });
    expect(parseRoute('/models/m/reference')).toEqual({ page: 'reference', model: 'm' });
    expect(parseRoute('/alerts')).toEqual({ page: 'alerts' });
    expect(parseRoute('/alerts/9b628cfc2d5afffa')).toEqual({ page: 'alert', fingerprint: '9b628cfc2d5afffa' });
    expect(parseRoute('/monitors')).toEqual({ page: 'monitors' });
    expect(parseRoute('/channels')).toEqual({ page: 'channels' });
    expect(parseRoute('/experiments')).toEqual({ page: 'experiments' });
    expect(parseRoute('/experiments/new-checkout')).toEqual({ page: 'experiment', experiment: 'new-checkout' });
    expect(parseRoute('/hosts')).toEqual({ page: 'hosts' });
    expect(parseRoute('/hosts/gpu-node-1')).toEqual({ page: 'host', host: 'gpu-node-1' });
    expect(parseRoute('/cost')).toEqual({ page: 'cost' });
    expect(parseRoute('/audit')).toEqual({ page: 'audit' });
  });

  it('sends anything else to the not-found page', () => {
    for (const path of [
      '/models',
      '/models/m/features',
      '/models/m/other',
      '/alerts/x/y',
      '/experiments/x/results',
      '/hosts/h/series',
      '/cost/x',
      '/audit/5',
      '/models/m/features/f/extra',
      '/models/%E0%A4%A',
    ]) {
      expect(parseRoute(path), path).toEqual({ page: 'not-found', path });
    }
  });

  it('writes paths that read back as the same page', () => {
    const routes: Route[] = [
      { page: 'overview' },
      { page: 'model', model: 'a.b_c-1' },
      { page: 'feature', model: 'm', feature: 'x/y %z' },
      { page: 'reference', model: 'm' },
      { page: 'alerts' },
      { page: 'alert', fingerprint: '0123456789abcdef' },
      { page: 'monitors' },
      { page: 'channels' },
      { page: 'experiments' },
      { page: 'experiment', experiment: 'checkout.v2_b-1' },
      { page: 'hosts' },
      { page: 'host', host: 'gpu-1.example.com' },
      { page: 'cost' },
      { page: 'audit' },
    ];
    for (const r of routes) expect(parseRoute(routePath(r))).toEqual(r);
    expect(routePath({ page: 'feature', model: 'm', feature: 'x/y %z' })).toBe('/models/m/features/x%2Fy%20%25z');
  });
});
