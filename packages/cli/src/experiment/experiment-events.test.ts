import { describe, expect, it } from 'vitest';
import { loadTableFromBytes } from '@vigil/tables';
import type { FileFormat } from '@vigil/tables';
import { createExperimentSchema } from '@vigil/wire';
import { InputError } from '../errors.js';
import { parseExperimentDefinition } from './experiment-config.js';
import { DEFAULT_EVENT_COLUMNS, exposuresOf, outcomesOf, parseTimestamp } from './experiment-events.js';

const config = createExperimentSchema.parse({
  name: 'checkout',
  variants: [
    { name: 'control', weight: 0.5 },
    { name: 'new', weight: 0.5 },
    { name: 'shadow', weight: 0, model: 'm', shadow: true },
  ],
  metrics: [
    { name: 'converted', kind: 'proportion' },
    { name: 'revenue', kind: 'mean' },
  ],
});

const table = (text: string, format: FileFormat = 'csv', name = 'events.csv') => loadTableFromBytes(new TextEncoder().encode(text), format, { name });

async function thrown(f: () => unknown): Promise<InputError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('no error');
}

describe('experiment events from files', () => {
  it('reads exposures with ISO, naive and epoch timestamps, variants by name', async () => {
    const t = await table('unit,variant,timestamp\na,control,2026-03-01T10:00:00Z\nb,new,2026-03-01T10:00:00+02:00\nc,new,2026-03-01 10:00\n', 'csv');
    expect(exposuresOf(t, config)).toEqual([
      { unit: 'a', variant: 0, ts: Date.UTC(2026, 2, 1, 10) },
      { unit: 'b', variant: 1, ts: Date.UTC(2026, 2, 1, 8) },
      { unit: 'c', variant: 1, ts: Date.UTC(2026, 2, 1, 10) },
    ]);
    const nd = await table('{"unit": 17, "variant": "new", "timestamp": 1772359200000}\n', 'ndjson', 'e.ndjson');
    expect(exposuresOf(nd, config)).toEqual([{ unit: '17', variant: 1, ts: 1772359200000 }]);
    // Without a timestamp column every event is at one time.
    expect(exposuresOf(await table('unit,variant\nx,control\n'), config)).toEqual([{ unit: 'x', variant: 0, ts: 0 }]);
  });

  it('reads long and wide outcomes; booleans count 1 and 0, empty wide cells are no outcome', async () => {
    const long = await table('unit,metric,value,timestamp\na,converted,1,5\na,revenue,12.5,6\nb,converted,true,7\n');
    expect(outcomesOf(long, config)).toEqual([
      { unit: 'a', metric: 'converted', value: 1, ts: 5 },
      { unit: 'a', metric: 'revenue', value: 12.5, ts: 6 },
      { unit: 'b', metric: 'converted', value: 1, ts: 7 },
    ]);
    const wide = await table('unit,timestamp,converted,revenue,other\na,5,1,12.5,x\nb,6,,,y\nc,7,0,3,z\n');
    expect(outcomesOf(wide, config)).toEqual([
      { unit: 'a', metric: 'converted', value: 1, ts: 5 },
      { unit: 'a', metric: 'revenue', value: 12.5, ts: 5 },
      { unit: 'c', metric: 'converted', value: 0, ts: 7 },
      { unit: 'c', metric: 'revenue', value: 3, ts: 7 },
    ]);
    const renamed = await table('user,when,kpi,amount\na,5,revenue,2\n');
    expect(outcomesOf(renamed, config, { ...DEFAULT_EVENT_COLUMNS, unit: 'user', timestamp: 'when', metric: 'kpi', value: 'amount' })).toEqual([
      { unit: 'a', metric: 'revenue', value: 2, ts: 5 },
    ]);
  });

  it('names the file, row and column of a bad cell, as the API names the field', async () => {
    const cases: [string, (t: Awaited<ReturnType<typeof table>>) => unknown, string][] = [
      [
        'unit,variant,timestamp\na,control,5\nb,ctrl,6\n',
        (t) => exposuresOf(t, config),
        'events.csv:3:variant: expected a variant of "checkout": one of control, new, got "ctrl"',
      ],
      ['unit,variant,timestamp\na,shadow,5\n', (t) => exposuresOf(t, config), 'events.csv:2:variant: expected a variant of "checkout": one of control, new'],
      ['unit,variant,timestamp\n,control,5\n', (t) => exposuresOf(t, config), 'events.csv:2:unit: expected a unit id (the cell is empty)'],
      [
        'unit,variant,timestamp\na,control,yesterday\n',
        (t) => exposuresOf(t, config),
        'events.csv:2:timestamp: expected an ISO 8601 date-time or epoch milliseconds, got "yesterday"',
      ],
      ['unit,variant,timestamp\na,control,1.5\n', (t) => exposuresOf(t, config), 'events.csv:2:timestamp: expected epoch milliseconds'],
      ['user,variant\na,control\n', (t) => exposuresOf(t, config), 'events.csv:1:unit: no column "unit" (the unit id; name another with --unit-column)'],
      [
        'unit,metric,value\na,clicks,1\n',
        (t) => outcomesOf(t, config),
        'events.csv:2:metric: expected an outcome metric of "checkout": one of converted, revenue, got "clicks"',
      ],
      ['unit,metric,value\na,revenue,lots\n', (t) => outcomesOf(t, config), 'events.csv:2:value: expected a number within ±1e15, got "lots"'],
      ['unit,metric,value\na,revenue,1e16\n', (t) => outcomesOf(t, config), 'events.csv:2:value: expected a number within ±1e15'],
      ['unit,timestamp,clicks\na,5,1\n', (t) => outcomesOf(t, config), 'no "metric" column'],
      ['unit,converted\na,maybe\n', (t) => outcomesOf(t, config), 'events.csv:2:converted: expected a number within ±1e15, or an empty cell, got "maybe"'],
    ];
    for (const [text, read, message] of cases) {
      const t = await table(text);
      const e = await thrown(() => read(t));
      expect(e.message, text).toContain(message);
    }
  });

  it('reads timestamps as the API does', () => {
    expect(parseTimestamp('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
    expect(parseTimestamp('2026-03-01T00:00:00.250Z')).toBe(Date.UTC(2026, 2, 1) + 250);
    expect(parseTimestamp(0)).toBe(0);
    expect(typeof parseTimestamp(-1)).toBe('string');
    expect(typeof parseTimestamp('2026-13-45')).toBe('string');
    expect(typeof parseTimestamp(null)).toBe('string');
  });
});

describe('the experiment definition file', () => {
  it('takes the body of POST /v1/experiments, or the answer of GET /v1/experiments/{name} with its status', () => {
    const body = {
      name: 'x',
      variants: [
        { name: 'a', weight: 0.5 },
        { name: 'b', weight: 0.5 },
      ],
      metrics: [{ name: 'm', kind: 'mean' }],
    };
    expect(parseExperimentDefinition(body, 'x.json')).toEqual({ config: createExperimentSchema.parse(body), status: 'running' });
    const info = {
      ...createExperimentSchema.parse(body),
      key: null,
      sequential: null,
      cuped: null,
      description: null,
      status: 'stopped',
      units: 10,
      conflicts: 0,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      stoppedAt: '2026-01-02T00:00:00.000Z',
    };
    expect(parseExperimentDefinition(info, 'x.json')).toEqual({ config: createExperimentSchema.parse(body), status: 'stopped' });
  });

  it('refuses a definition the server refuses, naming the field', () => {
    expect(() =>
      parseExperimentDefinition(
        {
          name: 'x',
          variants: [
            { name: 'a', weight: 0.5 },
            { name: 'a', weight: 0.6 },
          ],
          metrics: [{ name: 'm', kind: 'mean' }],
        },
        'x.json',
      ),
    ).toThrow(
      /--config: expected an experiment definition .*x\.json: variants: weights that sum to 1 \(they sum to 1\.1\); variants\[1\]\.name: a name no other variant has/,
    );
  });
});
