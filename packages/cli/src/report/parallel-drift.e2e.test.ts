// The drift preset on worker threads against the single-threaded one: the real `vigil` process on
// files large enough for the parallel path, and `parallelDriftPreset` itself, errors included.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmptyDriftColumnError, driftPreset } from '@vigil/core';
import type { DriftPresetOptions, Table } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { PARALLEL_MIN_CELLS, parallelDriftPreset } from './parallel-drift.js';

const BIN = new URL('../../bin/vigil.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'vigil-parallel-'));
const ROWS = 30_000;

/** Deterministic columns: two numeric, one integer-coded label, one categorical; `shift` moves them. */
function columns(n: number, shift: number): { a: Float64Array; b: Float64Array; label: Float64Array; c: string[] } {
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const label = new Float64Array(n);
  const c: string[] = [];
  for (let i = 0; i < n; i++) {
    a[i] = Math.round(((Math.sin(i * 12.9898) * 43758.5453) % 1) * 1e4) / 1e3 + shift;
    b[i] = Math.round(((i * 0.5698402909980532) % 1) * 1e4) / 1e4 + shift / 10;
    label[i] = (i * 7 + (shift > 0 ? i % 5 : 0)) % 3;
    c.push(['north', 'south', 'east', 'west'][(i + (shift > 0 && i % 6 === 0 ? 1 : 0)) % 4] as string);
  }
  return { a, b, label, c };
}

function csv(name: string, n: number, shift: number): string {
  const { a, b, label, c } = columns(n, shift);
  const rows = ['a,b,label,c'];
  for (let i = 0; i < n; i++) rows.push(`${a[i]},${b[i]},${label[i]},${c[i]}`);
  const path = join(dir, name);
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

function table(n: number, shift: number, source: string): Table {
  const { a, b, label, c } = columns(n, shift);
  return {
    rowCount: n,
    source,
    columns: [
      { name: 'a', values: a },
      { name: 'b', values: b },
      { name: 'label', values: label },
      { name: 'c', values: c },
    ],
  };
}

function report(env: NodeJS.ProcessEnv, out: string, ...args: string[]): unknown {
  const r = spawnSync(process.execPath, [BIN, 'report', ...args, '--json', out, '--no-progress'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8'));
}

describe('drift on worker threads', () => {
  it('vigil report gives the same JSON on workers as single-threaded', () => {
    expect(2 * ROWS * 4).toBeGreaterThanOrEqual(PARALLEL_MIN_CELLS);
    const reference = csv('ref.csv', ROWS, 0);
    const current = csv('cur.csv', ROWS, 0.05);
    for (const extra of [[], ['--target', 'label', '--per-column-method', 'a=ks', '--per-column-method', 'b=mannw', '--correction', 'bh']]) {
      const args = ['--reference', reference, '--current', current, ...extra];
      const parallel = report({ VIGIL_WORKERS: '2' }, join(dir, 'parallel.json'), ...args);
      const serial = report({ VIGIL_WORKERS: '1' }, join(dir, 'serial.json'), ...args);
      expect(parallel).toEqual(serial);
      expect((serial as { drift: { columns: unknown[] } }).drift.columns).toHaveLength(4);
    }
  }, 60_000);

  it('parallelDriftPreset equals driftPreset, and fails with the same error', async () => {
    const ref = table(3000, 0, 'ref.csv');
    const cur = table(2000, 0.3, 'cur.csv');
    const options: DriftPresetOptions = { mapping: { target: 'label' }, perColumnMethod: { a: 'ks' }, correction: 'bonferroni', driftShare: 0.3 };
    const parallel = await parallelDriftPreset(ref, cur, options, { workers: 2, minCells: 0 });
    expect(parallel).toEqual(driftPreset(ref, cur, options));

    const empty: Table = {
      ...cur,
      columns: cur.columns.map((c) => (c.name === 'b' ? { name: 'b', values: new Float64Array(cur.rowCount).fill(Number.NaN) } : c)),
    };
    expect(() => driftPreset(ref, empty, {})).toThrow(EmptyDriftColumnError);
    await expect(parallelDriftPreset(ref, empty, {}, { workers: 2, minCells: 0 })).rejects.toThrow(EmptyDriftColumnError);
  }, 60_000);
});
