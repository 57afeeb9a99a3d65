// The byte scanner against csv-parse (the parser it replaced) on random CSV text: same records,
// the same line numbers, and an error exactly where csv-parse fails, at any chunk size; and bytes in
// memory scanned as the same bytes in a file.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordTexts, scanCsv } from './csv-scanner.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-scan-'));
let n = 0;

async function scanned(text: string, chunk: number, delimiter = ','): Promise<{ records: [string[], number][] } | { error: true }> {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, text);
  const records: [string[], number][] = [];
  try {
    await scanCsv(path, (record, line) => (records.push([recordTexts(record), line]), true), { chunkSize: chunk, delimiter });
    return { records };
  } catch {
    return { error: true };
  }
}

function reference(text: string, delimiter = ','): { records: [string[], number][] } | { error: true } {
  try {
    const out = parse(text, { bom: true, relax_column_count: true, info: true, delimiter }) as unknown as { record: string[]; info: { lines: number } }[];
    return { records: out.map((r) => [r.record, r.info.lines]) };
  } catch {
    return { error: true };
  }
}

describe('scanCsv', () => {
  it('reads what csv-parse reads on random text, with any chunk size', async () => {
    const piece = fc.constantFrom('a', '1', '2.5', 'é', ',', '"', '""', '\n', '\r\n', ' ', '"x,y"', '"p\nq"');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 1, max: 9 }), async (pieces, chunk) => {
        const text = pieces.join('');
        const want = reference(text);
        const got = await scanned(text, chunk);
        if ('error' in want) expect(got).toEqual({ error: true });
        else if ('error' in got) throw new Error(`scanner failed on ${JSON.stringify(text)}`);
        // csv-parse counts a stray \r as a line of its own; lines are compared on \n-only text.
        else if (text.includes('\r')) expect(got.records.map((r) => r[0])).toEqual(want.records.map((r) => r[0]));
        else expect(got.records).toEqual(want.records);
      }),
      { numRuns: 400 },
    );
  });

  it('reads what csv-parse reads with another delimiter (tab), commas then being cell text', async () => {
    const piece = fc.constantFrom('a', '1', ',', '\t', '"', '""', '\n', '\r\n', ' ', '"x\ty"', '"p\nq"');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 1, max: 9 }), async (pieces, chunk) => {
        const text = pieces.join('');
        const want = reference(text, '\t');
        const got = await scanned(text, chunk, '\t');
        if ('error' in want) expect(got).toEqual({ error: true });
        else if ('error' in got) throw new Error(`scanner failed on ${JSON.stringify(text)}`);
        else if (text.includes('\r')) expect(got.records.map((r) => r[0])).toEqual(want.records.map((r) => r[0]));
        else expect(got.records).toEqual(want.records);
      }),
      { numRuns: 300 },
    );
  });

  it('scans bytes in memory as it scans the same bytes in a file: records, lines and errors, at any chunk size', async () => {
    const piece = fc.constantFrom('a', '1', 'é', ',', '"', '""', '\n', '\r\n', '\r', '"x,y"', '"p\nq"', '\uFEFF');
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(piece, { maxLength: 30 }), fc.integer({ min: 1, max: 9 }), async (bom, pieces, chunk) => {
        const text = `${bom ? '\uFEFF' : ''}${pieces.join('')}`;
        const path = join(dir, `f${n++}.csv`);
        writeFileSync(path, text);
        // A view into a larger buffer, as Node hands out request bodies; it must come out unchanged.
        const bytes = Buffer.concat([Buffer.from('junk'), Buffer.from(text)]).subarray(4);
        const before = Buffer.from(bytes);
        expect(await scanOf({ bytes, name: path }, chunk)).toEqual(await scanOf(path, chunk));
        expect(bytes.equals(before)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

/** Records with their lines, or the error message (which names the source and line). */
async function scanOf(source: Parameters<typeof scanCsv>[0], chunk: number): Promise<unknown> {
  const records: [string[], number][] = [];
  try {
    await scanCsv(source, (record, line) => (records.push([recordTexts(record), line]), true), { chunkSize: chunk });
    return { records };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
