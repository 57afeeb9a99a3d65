import { describe, expect, it } from 'vitest';
import { createExperimentSchema, exposureEventSchema, outcomeEventSchema, quickExposureCheck, quickOutcomeCheck } from './experiments.js';
import { zodIssuesToDetails } from './errors.js';

const base = {
  name: 'checkout',
  variants: [
    { name: 'control', weight: 0.5 },
    { name: 'treatment', weight: 0.5 },
  ],
  metrics: [{ name: 'converted', kind: 'proportion' }],
};

function paths(body: unknown): string[] {
  const r = createExperimentSchema.safeParse(body);
  return r.success ? [] : zodIssuesToDetails(r.error).map((d) => d.path);
}

describe('createExperimentSchema', () => {
  it('fills GrowthBook-like defaults', () => {
    const e = createExperimentSchema.parse(base);
    expect(e).toMatchObject({ hashVersion: 2, hashAttribute: 'id', coverage: 1, engine: 'frequentist', alpha: 0.05, difference: 'relative', minSampleSize: 0 });
    expect(e.metrics[0]).toEqual({ name: 'converted', kind: 'proportion', role: 'goal', inverse: false, source: 'outcomes' });
  });

  it('accepts weights that sum to 1 within 1e-6, as thirds written in JSON do', () => {
    const thirds = { ...base, variants: ['a', 'b', 'c'].map((name) => ({ name, weight: 1 / 3 })) };
    expect(paths(thirds)).toEqual([]);
    expect(
      paths({
        ...base,
        variants: [
          { name: 'a', weight: 0.3333333 },
          { name: 'b', weight: 0.3333333 },
          { name: 'c', weight: 0.3333334 },
        ],
      }),
    ).toEqual([]);
  });

  it('names variants when the weights do not sum to 1', () => {
    expect(
      paths({
        ...base,
        variants: [
          { name: 'a', weight: 0.5 },
          { name: 'b', weight: 0.49 },
        ],
      }),
    ).toEqual(['variants']);
    expect(
      paths({
        ...base,
        variants: [
          { name: 'a', weight: 0.6 },
          { name: 'b', weight: 0.6 },
        ],
      }),
    ).toEqual(['variants']);
  });

  it('needs two variants', () => {
    expect(paths({ ...base, variants: [{ name: 'a', weight: 1 }] })).toEqual(['variants']);
  });

  it('names the repeated variant and metric', () => {
    expect(
      paths({
        ...base,
        variants: [
          { name: 'a', weight: 0.5 },
          { name: 'a', weight: 0.5 },
        ],
      }),
    ).toEqual(['variants[1].name']);
    expect(
      paths({
        ...base,
        metrics: [
          { name: 'm', kind: 'mean' },
          { name: 'x', kind: 'mean' },
          { name: 'm', kind: 'proportion' },
        ],
      }),
    ).toEqual(['metrics[2].name']);
  });

  it('refuses unknown fields, bad hash versions and coverage out of [0, 1]', () => {
    expect(paths({ ...base, hashVersion: 3 })).toEqual(['hashVersion']);
    expect(paths({ ...base, coverage: 1.5 })).toEqual(['coverage']);
    expect(paths({ ...base, seed: 'x' })).toEqual(['(root)']);
  });

  it('model metrics need a known name and a variant bound to a model', () => {
    expect(paths({ ...base, metrics: [{ name: 'accuracy', kind: 'proportion', source: 'model' }] })).toEqual(['metrics']);
    const bound = {
      ...base,
      variants: [
        { name: 'a', weight: 0.5, model: 'm', version: '1' },
        { name: 'b', weight: 0.5, model: 'm', version: '2' },
      ],
    };
    expect(paths({ ...bound, metrics: [{ name: 'accuracy', kind: 'proportion', source: 'model' }] })).toEqual([]);
    expect(paths({ ...bound, metrics: [{ name: 'speed', kind: 'mean', source: 'model' }] })).toEqual(['metrics[0].name']);
  });
});

describe('quick checks', () => {
  const exposures: unknown[] = [
    { unit: 'u1', variant: 'control' },
    { unit: 'u1', variant: 'control', timestamp: 1_700_000_000_000 },
    { unit: 'u1', variant: 'control', timestamp: '2026-01-01T00:00:00Z' },
    { unit: '', variant: 'control' },
    { unit: 'u1', variant: '-x' },
    { unit: 'u1', variant: 'control', extra: 1 },
    { unit: 'u\u0000', variant: 'control' },
    { unit: 'u1', variant: 'control', timestamp: -1 },
    { unit: 'u1', variant: 'control', timestamp: 1.5 },
    { unit: 5, variant: 'control' },
    null,
    [],
  ];
  const outcomes: unknown[] = [
    { unit: 'u1', metric: 'revenue', value: 3.5 },
    { unit: 'u1', metric: 'revenue', value: -2, timestamp: 5 },
    { unit: 'u1', metric: 'revenue', value: 1e16 },
    { unit: 'u1', metric: 'revenue', value: Number.NaN },
    { unit: 'u1', metric: 'revenue', value: '3' },
    { unit: 'u1', metric: 'rev enue', value: 3 },
    { unit: 'u1', metric: 'revenue' },
  ];

  it('accept only what zod accepts', () => {
    for (const e of exposures) if (quickExposureCheck(e)) expect(exposureEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
    for (const e of outcomes) if (quickOutcomeCheck(e)) expect(outcomeEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
    expect(quickExposureCheck(exposures[0])).toBe(true);
    expect(quickOutcomeCheck(outcomes[0])).toBe(true);
    expect(quickOutcomeCheck(outcomes[1])).toBe(true);
  });
});
