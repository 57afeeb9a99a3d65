// Streams an RFC 4180 CSV file (header row first) into columns with csv-parse, typing each column
// as pandas' `read_csv` would; cells never sit in row objects.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { InputError } from '../errors.js';
import { CsvColumnBuilder } from './csv-column.js';
import type { LoadedTable } from './loaded-table.js';
import type { LoadOptions } from './load-options.js';

export async function loadCsv(file: string, options: LoadOptions = {}): Promise<LoadedTable> {
  const totalBytes = (await stat(file)).size;
  let builders: CsvColumnBuilder[] | undefined;
  let header: string[] = [];

  await parseFile(file, totalBytes, options, (record, line) => {
    if (!builders) {
      header = headerNames(file, record);
      builders = header.map((name) => new CsvColumnBuilder(name));
      return true;
    }
    if (record.length !== builders.length) {
      const column = record.length < builders.length ? header[record.length] : undefined;
      const where = column ?? `#${builders.length + 1}`;
      throw new InputError(file, line, where, `expected ${builders.length} fields as in the header, got ${record.length}`);
    }
    for (let i = 0; i < record.length; i++) builders[i]?.push(record[i] ?? '');
    return true;
  });

  if (!builders) throw new InputError(file, 1, undefined, 'the file is empty: expected a header row');
  const rowCount = builders[0]?.rowCount ?? 0;
  if (rowCount === 0) throw new InputError(file, 2, undefined, 'no data rows after the header');

  // Columns that turned out to be text after rows of numbers need those rows' original text.
  const restore = builders.flatMap((builder, index) => (builder.textsMissingBefore > 0 ? [{ builder, index }] : []));
  const restoreUntil = Math.max(0, ...restore.map(({ builder }) => builder.textsMissingBefore));
  if (restore.length > 0) {
    let rowIndex = -1;
    await parseFile(file, totalBytes, {}, (record) => {
      if (rowIndex >= 0) for (const { builder, index } of restore) builder.restoreTexts(rowIndex, record[index] ?? '');
      rowIndex++;
      return rowIndex < restoreUntil;
    });
  }

  return { rowCount, columns: builders.map((builder) => builder.finish()), source: file, firstDataRow: 2 };
}

function headerNames(file: string, record: readonly string[]): string[] {
  const seen = new Set<string>();
  return record.map((raw, index) => {
    // pandas names a blank header cell `Unnamed: <index>`.
    const name = raw.trim() === '' ? `Unnamed: ${index}` : raw;
    if (seen.has(name)) throw new InputError(file, 1, name, 'duplicate column name in the header');
    seen.add(name);
    return name;
  });
}

/** Feeds each record and its line number to `onRecord`; stops reading when it returns false. */
async function parseFile(
  file: string,
  totalBytes: number,
  options: LoadOptions,
  onRecord: (record: string[], line: number) => boolean,
): Promise<void> {
  const input = createReadStream(file);
  let stopped = false;
  const parser = parse({
    bom: true,
    relax_column_count: true,
    on_record: (record: string[], context) => {
      if (!stopped && !onRecord(record, context.lines)) {
        stopped = true;
        input.unpipe(parser);
        input.destroy();
        parser.end();
      }
      return null;
    },
  });
  let bytesRead = 0;
  if (options.onProgress) {
    const onProgress = options.onProgress;
    input.on('data', (chunk) => {
      bytesRead += chunk.length;
      onProgress(bytesRead, totalBytes);
    });
  }
  await new Promise<void>((resolve, reject) => {
    input.on('error', (error) => reject(new InputError(file, undefined, undefined, `cannot read: ${error.message}`)));
    parser.on('error', (error: Error & { code?: string; lines?: number }) => {
      if (error instanceof InputError) reject(error);
      else reject(new InputError(file, error.lines, undefined, csvMessage(error)));
    });
    parser.on('end', resolve);
    parser.resume();
    input.pipe(parser);
  });
}

function csvMessage(error: Error & { code?: string }): string {
  // csv-parse's messages end in "at line N"; the line is already in the position.
  const message = error.message.replace(/\s*(on|at) line \d+/, '');
  return error.code ? `${message} (${error.code})` : message;
}
