// Money in nano-dollars, the price book, and OpenCost-style allocation: token costs equal
// input × price + output × price, and a synthetic day of hosts and traffic is allocated so that
// the attributed costs plus idle equal the price book's bill to the nano-dollar.

import { describe, expect, it } from 'vitest';
import { pricingSchema } from '@vigil/wire';
import { allocateHostInterval, allocateResource, intervalCostNanos, usageShares } from './allocation.js';
import { mulDivFloor, mulDivRound, nanosToUsd, usdToNanos } from './money.js';
import { PriceBookError, compilePricing, eventCost, hostRates, tokenCostNanos, versionAt } from './price-book.js';

describe('money', () => {
  it('reads USD amounts through their decimal form', () => {
    expect(usdToNanos(0.1)).toBe(100_000_000n);
    expect(usdToNanos(2.5)).toBe(2_500_000_000n);
    expect(usdToNanos(0.000000001)).toBe(1n);
    expect(usdToNanos(0.0000000004)).toBe(0n);
    expect(usdToNanos(123456.789)).toBe(123_456_789_000_000n);
    expect(usdToNanos(-1.25)).toBe(-1_250_000_000n);
    expect(usdToNanos(1e21)).toBe(10n ** 30n);
    expect(() => usdToNanos(Number.NaN)).toThrow(RangeError);
    expect(nanosToUsd(2_500_000_001n)).toBe(2.500000001);
  });

  it('rounds a rational once, half to even, and floors toward −∞', () => {
    expect(mulDivRound(5n, 1n, 2n)).toBe(2n);
    expect(mulDivRound(7n, 1n, 2n)).toBe(4n);
    expect(mulDivRound(-5n, 1n, 2n)).toBe(-2n);
    expect(mulDivRound(10n, 1n, 3n)).toBe(3n);
    expect(mulDivRound(11n, 1n, 3n)).toBe(4n);
    expect(mulDivFloor(-7n, 1n, 2n)).toBe(-4n);
    expect(mulDivFloor(7n, 1n, 2n)).toBe(3n);
  });
});

describe('price book', () => {
  const book = pricingSchema.parse({
    hosts: [
      { match: { host: 'gpu-.*', labels: { zone: 'eu-1' } }, usdPerHour: 1.25 },
      { match: { host: 'gpu-.*' }, usdPerHour: 1 },
    ],
    gpus: [{ match: { name: 'NVIDIA H100.*' }, usdPerHour: 2.5 }],
    predictions: [{ model: 'credit', usdPer1k: 0.4 }],
    tokens: [
      { match: 'gpt-4o-mini', inputUsdPerMillion: 0.15, outputUsdPerMillion: 0.6, cachedInputUsdPerMillion: 0.075 },
      { match: '(openai/)?gpt-4o', inputUsdPerMillion: 2.5, outputUsdPerMillion: 10 },
    ],
  });
  const compiled = compilePricing(book);

  it('prices tokens as input × price + output × price, in nano-dollars, rounded once', () => {
    const price = compiled.tokens[1]!;
    // 1 234 input and 567 output tokens of gpt-4o: 1234 × 2.5 + 567 × 10 dollars per million.
    const expected = (1234n * 2_500_000_000n + 567n * 10_000_000_000n) / 1_000_000n;
    expect(tokenCostNanos({ model: 'gpt-4o', inputTokens: 1234, outputTokens: 567 }, price)).toBe(expected);
    expect(expected).toBe(8_755_000n);
    // Cached input tokens are part of the input, at their own price.
    const mini = compiled.tokens[0]!;
    expect(tokenCostNanos({ model: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 100, cachedInputTokens: 400 }, mini)).toBe(
      (600n * 150_000_000n + 400n * 75_000_000n + 100n * 600_000_000n) / 1_000_000n,
    );
    // 1 token at $0.15 per million is 150 nano-dollars; 1 at $0.0375 is 37.5, rounded to even (38).
    expect(tokenCostNanos({ model: 'm', inputTokens: 1, outputTokens: 0 }, { input: 37_500_000n, output: 0n, cachedInput: 0n })).toBe(38n);
  });

  it('takes the explicit cost first, then tokens, then the per-prediction price', () => {
    expect(eventCost({ costUsd: 0.25, usage: { model: 'gpt-4o', inputTokens: 1, outputTokens: 1 } }, 'credit', compiled)).toEqual({
      nanos: 250_000_000n,
      source: 'explicit',
    });
    expect(eventCost({ usage: { model: 'openai/gpt-4o', inputTokens: 1_000_000, outputTokens: 0 } }, 'credit', compiled)).toEqual({
      nanos: 2_500_000_000n,
      source: 'tokens',
    });
    // The first matching entry wins, and patterns match the whole name: gpt-4o-mini is not gpt-4o.
    expect(eventCost({ usage: { model: 'gpt-4o-mini', inputTokens: 1_000_000, outputTokens: 0 } }, 'x', compiled)?.nanos).toBe(150_000_000n);
    expect(eventCost({ usage: { model: 'claude', inputTokens: 10, outputTokens: 0 } }, 'credit', compiled)).toEqual({ nanos: 400_000n, source: 'prediction' });
    expect(eventCost({}, 'other', compiled)).toBeNull();
    expect(eventCost({}, 'credit', null)).toBeNull();
  });

  it('prices hosts by the first entry whose name pattern and labels match, and each GPU by its name', () => {
    const rates = hostRates(compiled, {
      name: 'gpu-1',
      labels: { zone: 'eu-1' },
      gpus: [
        { index: 0, name: 'NVIDIA H100 80GB HBM3' },
        { index: 1, name: 'Tesla T4' },
      ],
    });
    expect(rates.hostNanosPerHour).toBe(1_250_000_000n);
    expect([...rates.gpus]).toEqual([[0, 2_500_000_000n]]);
    expect(hostRates(compiled, { name: 'gpu-2', labels: {}, gpus: [] }).hostNanosPerHour).toBe(1_000_000_000n);
    expect(hostRates(compiled, { name: 'cpu-1', labels: {}, gpus: [] }).hostNanosPerHour).toBeNull();
  });

  it('names the field of a pattern RE2 refuses', () => {
    expect(() => compilePricing(pricingSchema.parse({ tokens: [{ match: '(', inputUsdPerMillion: 1, outputUsdPerMillion: 1 }] }))).toThrow(PriceBookError);
    try {
      compilePricing(
        pricingSchema.parse({
          gpus: [
            { match: { name: 'ok' }, usdPerHour: 1 },
            { match: { name: 'a)' }, usdPerHour: 1 },
          ],
        }),
      );
    } catch (e) {
      expect((e as PriceBookError).path).toBe('gpus[1].match.name');
    }
  });

  it('finds the version in effect at a time: a change applies from its time on', () => {
    const versions = [
      { version: 1, effectiveFrom: 1000 },
      { version: 2, effectiveFrom: 5000 },
    ];
    expect(versionAt(versions, 999)).toBeUndefined();
    expect(versionAt(versions, 1000)?.version).toBe(1);
    expect(versionAt(versions, 4999)?.version).toBe(1);
    expect(versionAt(versions, 5000)?.version).toBe(2);
  });
});

describe('allocation', () => {
  const H = 3_600_000;

  it('bills intervals against one clock, so adjacent intervals add up to the whole', () => {
    const rate = usdToNanos(1.37);
    const start = Date.UTC(2026, 10, 27, 0, 0, 7);
    let sum = 0n;
    // 7-minute-and-a-bit steps: fractions of a nano-dollar in every step.
    for (let t = start; t < start + 5 * H; t += 431_117) sum += intervalCostNanos(rate, t, Math.min(t + 431_117, start + 5 * H));
    expect(sum).toBe(intervalCostNanos(rate, start, start + 5 * H));
    expect(intervalCostNanos(rate, 0, 24 * H)).toBe(rate * 24n);
  });

  it("charges max(request, usage) of a resource and leaves the rest idle (OpenCost's rule)", () => {
    const bill = 1_000_000_000n;
    // Usage 60 %: a takes 3/4 of it (45 %) but requested 50 %; b takes 1/4 (15 %) and requested nothing.
    const a = allocateResource(bill, 0.6, [
      { model: 'a', usageShare: 0.75, request: 0.5 },
      { model: 'b', usageShare: 0.25 },
    ]);
    expect(a.byModel.get('a')).toBe(500_000_000n);
    expect(a.byModel.get('b')).toBe(150_000_000n);
    expect(a.idle).toBe(350_000_000n);
    // Requests beyond the whole resource: scaled to it, nothing idle.
    const full = allocateResource(bill, 0.1, [
      { model: 'a', usageShare: 0.5, request: 0.8 },
      { model: 'b', usageShare: 0.5, request: 0.8 },
    ]);
    expect(full.byModel.get('a')! + full.byModel.get('b')! + full.idle).toBe(bill);
    expect(full.idle).toBeLessThanOrEqual(1n);
    // Unmeasured usage charges requests only.
    expect(allocateResource(bill, null, [{ model: 'a', usageShare: 1 }]).idle).toBe(bill);
    expect(usageShares(['a', 'b'], new Map([['a', 30]]))).toEqual(
      new Map([
        ['a', 1],
        ['b', 0],
      ]),
    );
    expect(usageShares(['a', 'b'], new Map())).toEqual(
      new Map([
        ['a', 0.5],
        ['b', 0.5],
      ]),
    );
  });

  it('conserves a synthetic day of hosts and traffic: attributed plus idle equals the bill to the nano-dollar', () => {
    // Three hosts over one day in 5-minute buckets: a GPU host serving two models, a CPU host serving
    // one with a request, and a GPU host serving nothing (all idle). Prices with fractions of a cent.
    const day = Date.UTC(2026, 10, 27);
    const bucket = 300_000;
    const hostRate = usdToNanos(0.8731);
    const gpuRate = usdToNanos(2.4937);
    const cpuHostRate = usdToNanos(0.1193);
    let rng = 42;
    const random = () => {
      rng = (rng * 1_103_515_245 + 12_345) % 2 ** 31;
      return rng / 2 ** 31;
    };
    let attributed = 0n;
    let idle = 0n;
    let bill = 0n;
    const byModel = new Map<string, bigint>();
    for (let t = day; t < day + 86_400_000; t += bucket) {
      const hour = (t - day) / 3_600_000;
      const traffic = 0.5 + 0.5 * Math.sin((hour / 24) * 2 * Math.PI);
      const shares = usageShares(
        ['credit', 'llm'],
        new Map([
          ['credit', Math.round(1000 * traffic * random())],
          ['llm', Math.round(300 * random())],
        ]),
      );
      const intervals = [
        allocateHostInterval({
          from: t,
          to: t + bucket,
          hostNanosPerHour: hostRate,
          cpuUsage: 0.2 + 0.6 * traffic * random(),
          cpuCount: 32,
          gpus: [0, 1].map((index) => ({ index, nanosPerHour: gpuRate, usage: random() })),
          models: [
            { model: 'credit', usageShare: shares.get('credit')!, cpuCores: 4 },
            { model: 'llm', usageShare: shares.get('llm')!, gpus: 1 },
          ],
        }),
        allocateHostInterval({
          from: t,
          to: t + bucket,
          hostNanosPerHour: cpuHostRate,
          cpuUsage: random(),
          cpuCount: 8,
          gpus: [],
          models: [{ model: 'credit', usageShare: 1, cpuCores: 2 }],
        }),
        allocateHostInterval({
          from: t,
          to: t + bucket,
          hostNanosPerHour: null,
          cpuUsage: 0.1,
          cpuCount: 8,
          gpus: [{ index: 0, nanosPerHour: gpuRate, usage: 0.9 }],
          models: [],
        }),
      ];
      for (const a of intervals) {
        bill += a.bill;
        idle += a.idle;
        for (const [m, c] of a.byModel) {
          attributed += c;
          byModel.set(m, (byModel.get(m) ?? 0n) + c);
        }
      }
    }
    // The price book's bill for the day: every priced resource × 24 h.
    const priceBookBill = (hostRate + 2n * gpuRate + cpuHostRate + gpuRate) * 24n;
    expect(bill).toBe(priceBookBill);
    expect(attributed + idle).toBe(priceBookBill);
    expect(byModel.get('credit')! + byModel.get('llm')! + idle).toBe(priceBookBill);
    // The unserved GPU host is idle in full; something was attributed to both models.
    expect(idle).toBeGreaterThanOrEqual(gpuRate * 24n);
    expect(byModel.get('credit')!).toBeGreaterThan(0n);
    expect(byModel.get('llm')!).toBeGreaterThan(0n);
  });
});
