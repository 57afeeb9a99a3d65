// Streams newline-delimited JSON (one object per line), from a file or bytes in memory, into columns.
// Columns are the union of keys in first-seen order; a key absent from a line is a missing value, as
// in pandas' `read_json(lines=True)`.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { Cell } from '@vigil/core';
import { sourceName } from './data-source.js';
import type { DataSource } from './data-source.js';
import { InputError, TableTooLargeError } from './errors.js';
import { JsonColumnBuilder } from './json-column.js';
import type { LoadedTable } from './loaded-table.js';
import type { LoadOptions } from './load-options.js';

export async function loadNdjson(source: DataSource, options: LoadOptions = {}): Promise<LoadedTable> {
  const file = sourceName(source);
  let totalBytes: number;
  let input: Readable;
  if (typeof source === 'string') {
    try {
      totalBytes = (await stat(source)).size;
    } catch (error) {
      throw new InputError(file, undefined, undefined, `cannot read: ${(error as Error).message}`);
    }
    input = createReadStream(source, { encoding: 'utf8' });
  } else {
    // The same line reader over the bytes as one chunk (a Buffer view: nothing is copied).
    const { bytes } = source;
    totalBytes = bytes.length;
    input = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)], { objectMode: false });
  }
  input.on('error', () => undefined); // surfaced by the line reader below
  let bytesRead = 0;
  if (options.onProgress) {
    const onProgress = options.onProgress;
    input.on('data', (chunk: string | Buffer) => {
      bytesRead += Buffer.byteLength(chunk);
      onProgress(bytesRead, totalBytes);
    });
  }

  const builders = new Map<string, JsonColumnBuilder>();
  let rowCount = 0;
  let line = 0;
  try {
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new InputError(file, line, undefined, `not valid JSON: ${(error as Error).message}`);
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new InputError(file, line, undefined, 'expected a JSON object on each line');
      }
      if (options.maxRows !== undefined && rowCount >= options.maxRows) throw new TableTooLargeError(file, 'rows', options.maxRows, rowCount + 1);
      for (const [key, value] of Object.entries(parsed)) {
        let builder = builders.get(key);
        if (!builder) {
          builder = new JsonColumnBuilder(key, rowCount);
          builders.set(key, builder);
        }
        builder.push(jsonCell(file, line, key, value));
      }
      rowCount++;
      for (const builder of builders.values()) if (builder.rowCount < rowCount) builder.push(null);
    }
  } catch (error) {
    if (error instanceof InputError || error instanceof TableTooLargeError) throw error;
    throw new InputError(file, undefined, undefined, `cannot read: ${(error as Error).message}`);
  } finally {
    input.destroy();
  }
  if (line === 0 || builders.size === 0) throw new InputError(file, 1, undefined, 'the file is empty: expected one JSON object per line');
  return { rowCount, columns: [...builders.values()].map((builder) => builder.finish()), source: file, firstDataRow: 1 };
}

function jsonCell(file: string, line: number, key: string, value: unknown): Cell {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new InputError(file, line, key, 'nested objects and arrays are not supported; flatten the column first');
}
