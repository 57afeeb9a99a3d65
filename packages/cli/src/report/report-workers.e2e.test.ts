// Report workers on real files: a table loaded on a worker thread and moved here equals the one
// loaded here (numbers shared, cells of every JSON type, -0 and NaN included), progress comes
// through, and a bad file gives exactly the error a serial load gives.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli-io.js';
import type { RunOptions } from '../config/run-options.js';
import { loadTable, unpackTable } from '@vigil/tables';
import { loadInputs } from './load-inputs.js';
import { ReportWorkers } from './report-workers.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-workers-'));
const workers = new ReportWorkers(2);
afterAll(() => workers.close());

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const io: CliIo = { stdout: () => undefined, stderr: () => undefined, stderrIsTTY: false, stderrColumns: 80 };

function options(reference: string, current: string): RunOptions {
  return {
    reference,
    current,
    presets: ['drift'],
    mapping: {},
    drift: { perColumnMethod: {}, perColumnThreshold: {}, driftShare: 0.5 },
    checks: [],
    output: {},
    progress: false,
  };
}

/** Columns as plain values, -0 and NaN spelled out so toEqual tells them apart. */
function plain(table: { rowCount: number; columns: readonly { name: string; values: ArrayLike<unknown>; dtype?: string }[] }): unknown {
  const show = (v: unknown): unknown => (Object.is(v, -0) ? '-0' : typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v);
  return { rows: table.rowCount, columns: table.columns.map((c) => ({ name: c.name, dtype: c.dtype, values: Array.from(c.values, show) })) };
}

describe('report workers', () => {
  it('load CSV and NDJSON files into the same tables as a load in this thread', async () => {
    const rows = ['n,i,c,b,late'];
    for (let i = 0; i < 3000; i++)
      rows.push(`${((i * 0.37) % 7) - 3},${i % 11},${['x', 'y', '', 'NA'][i % 4]},${i % 2 === 0 ? 'True' : 'False'},${i === 2999 ? 'word' : i}`);
    const csv = file('t.csv', `${rows.join('\n')}\n`);
    const ndjson = file(
      't.ndjson',
      ['{"a":1,"m":"x"}', '{"a":-0,"m":-0}', '{"a":null,"m":true}', '{"a":2.5,"m":0}', '{"a":3,"m":null}', '{"a":4,"m":"x"}'].join('\n'),
    );
    for (const path of [csv, ndjson]) {
      const outcome = await workers.load(path);
      if (!outcome.ok) throw new Error(outcome.message);
      const moved = unpackTable(outcome.result);
      expect(plain(moved)).toEqual(plain(await loadTable(path)));
      expect(moved.source).toBe(path);
    }
    const outcome = await workers.load(csv);
    if (!outcome.ok) throw new Error(outcome.message);
    // Numbers arrive in shared memory: drift workers then read them without a copy.
    expect(unpackTable(outcome.result).columns[0]?.values).toBeInstanceOf(Float64Array);
    expect((unpackTable(outcome.result).columns[0]?.values as Float64Array).buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('report progress while loading', async () => {
    const big = file('big.csv', `v\n${Array.from({ length: 200_000 }, (_, i) => i).join('\n')}\n`);
    const seen: number[] = [];
    const outcome = await workers.load(big, (bytesRead, total) => seen.push(bytesRead / total));
    expect(outcome.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe(1);
  });

  it('loadInputs on workers equals loadInputs here, errors included', async () => {
    const ref = file('ref.csv', 'a,b\n1,x\n2,y\n3,x\n');
    const cur = file('cur.csv', 'b,a\ny,4\nx,5\n');
    const parallel = await loadInputs(options(ref, cur), io, workers);
    const serial = await loadInputs(options(ref, cur), io);
    expect(plain(parallel.current)).toEqual(plain(serial.current));
    expect(plain(parallel.reference)).toEqual(plain(serial.reference));

    const ragged = file('ragged.csv', 'a,b\n1,x\n2\n');
    const missing = join(dir, 'nope.csv');
    for (const [r, c] of [
      [ragged, cur],
      [ref, ragged],
      [ragged, missing],
      [missing, ragged],
    ] as const) {
      const want = await loadInputs(options(r, c), io).then(
        () => 'no error',
        (error: Error) => error.message,
      );
      expect(want).not.toBe('no error');
      await expect(loadInputs(options(r, c), io, workers)).rejects.toThrow(want);
    }
  });
});
