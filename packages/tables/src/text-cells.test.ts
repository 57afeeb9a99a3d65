// Text cells kept as codes while distinct values are few, as strings past the limit: the cells that
// come out are the cells that went in, in both modes and across the switch.

import { describe, expect, it } from 'vitest';
import { MAX_DICTIONARY, TextCells, decodeCells, encodedColumn } from './text-cells.js';

describe('TextCells', () => {
  it('returns the cells pushed, with codes into first-seen distinct values', () => {
    const cells = new TextCells(2);
    for (const text of ['b', null, 'a', 'b']) cells.push(text);
    cells.push('c');
    cells.pop();
    cells.set(0, 'a');
    const finished = cells.finish();
    if (!('encoded' in finished)) throw new Error('expected codes');
    const { encoded } = finished;
    expect(encoded.dictionary).toEqual([null, 'b', 'a', 'c']);
    expect(Array.from(encoded.codes)).toEqual([2, 0, 1, 0, 2, 1]);
    expect(decodeCells(encoded)).toEqual(['a', null, 'b', null, 'a', 'b']);
    expect(cells.distinct()).toEqual(['b', 'a', 'c']);
    // A column of them decodes on first use, once; its values survive a spread.
    const column = encodedColumn('c', 'object', encoded);
    expect(column.values).toBe(column.values);
    expect({ ...column }.values).toEqual(['a', null, 'b', null, 'a', 'b']);
  });

  it('gives up codes past the dictionary limit and keeps every cell', () => {
    const cells = new TextCells();
    const n = 2 * MAX_DICTIONARY;
    for (let i = 0; i < n; i++) cells.push(i % 3 === 0 ? null : `v${i}`, -1);
    cells.set(1, 'first');
    cells.pop();
    const finished = cells.finish();
    if (!('cells' in finished)) throw new Error('expected strings');
    const out = finished.cells;
    expect(out).toHaveLength(n - 1);
    expect(out[0]).toBeNull();
    expect(out[1]).toBe('first');
    for (const k of [n - 4, n - 3, n - 2]) expect(out[k]).toBe(k % 3 === 0 ? null : `v${k}`);
    expect(cells.codeFor('v2')).toBe(-1);
  });
});
