import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNdjson } from './ndjson-loader.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-ndjson-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadNdjson', () => {
  it('builds columns from the union of keys, missing keys as missing values', async () => {
    const path = file('a.ndjson', '{"x":1,"s":"a"}\n\n{"x":2.5,"s":null,"b":true}\n{"s":"c","b":false}\n');
    const table = await loadNdjson(path);
    expect(table.rowCount).toBe(3);
    const [x, s, b] = table.columns;
    expect(x?.name).toBe('x');
    expect([...(x?.values as Float64Array)].map((v) => (Number.isNaN(v) ? null : v))).toEqual([1, 2.5, null]);
    expect(x?.dtype).toBe('float64');
    expect(s?.values).toEqual(['a', null, 'c']);
    expect(b?.values).toEqual([null, true, false]);
    expect(b?.dtype).toBe('object');
  });

  it('keeps JSON types in a mixed column and marks whole integers int64', async () => {
    const table = await loadNdjson(file('b.jsonl', '{"m":1,"i":1}\n{"m":"one","i":2}\n'));
    expect(table.columns[0]?.values).toEqual([1, 'one']);
    expect(table.columns[1]?.dtype).toBe('int64');
  });

  it('names the line of invalid JSON, a non-object and a nested value', async () => {
    const bad = file('bad.ndjson', '{"a":1}\n{"a":\n');
    await expect(loadNdjson(bad)).rejects.toThrow(new RegExp(`^${bad}:2:-: not valid JSON`));
    const array = file('arr.ndjson', '{"a":1}\n[1]\n');
    await expect(loadNdjson(array)).rejects.toThrow(`${array}:2:-: expected a JSON object on each line`);
    const nested = file('nested.ndjson', '{"a":1}\n{"a":{"b":2}}\n');
    await expect(loadNdjson(nested)).rejects.toThrow(`${nested}:2:a: nested objects and arrays are not supported; flatten the column first`);
    const empty = file('empty.ndjson', '');
    await expect(loadNdjson(empty)).rejects.toThrow(`${empty}:1:-: the file is empty: expected one JSON object per line`);
  });
});
