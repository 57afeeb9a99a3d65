// Streams an RFC 4180 CSV file, or CSV bytes in memory (header row first), into columns with
// Vigil's byte scanner, typing each column as pandas' `read_csv` would; cells never sit in row objects.
// The field delimiter is the caller's, or detected from the first lines as pandas' `sep=None` does.

import { open, stat } from 'node:fs/promises';
import { CsvColumnBuilder } from './csv-column.js';
import { SNIFF_BYTES, checkDelimiter, detectDelimiter } from './csv-delimiter.js';
import { CsvPlainRecords } from './csv-plain-records.js';
import { fieldText, recordTexts, scanCsv } from './csv-scanner.js';
import { sourceName } from './data-source.js';
import type { DataSource } from './data-source.js';
import { InputError, TableTooLargeError } from './errors.js';
import type { LoadedTable } from './loaded-table.js';
import type { LoadOptions } from './load-options.js';

export async function loadCsv(source: DataSource, options: LoadOptions = {}): Promise<LoadedTable> {
  const file = sourceName(source);
  let totalBytes: number;
  if (typeof source !== 'string') totalBytes = source.bytes.length;
  else {
    try {
      totalBytes = (await stat(source)).size;
    } catch (error) {
      throw new InputError(file, undefined, undefined, `cannot read: ${(error as Error).message}`);
    }
  }
  const delimiter = options.delimiter ?? (await sniff(source, totalBytes));
  checkDelimiter(delimiter);
  let builders: CsvColumnBuilder[] | undefined;
  let plain: CsvPlainRecords | undefined;
  let header: string[] = [];
  const onProgress = options.onProgress;
  const shared = options.sharedMemory ?? false;
  let reserved = false;
  let scannedBytes = 0;
  const maxRows = options.maxRows;

  await scanCsv(
    source,
    (record, line) => {
      if (!builders) {
        header = headerNames(file, recordTexts(record));
        builders = header.map((name) => new CsvColumnBuilder(name, { shared }));
        plain = new CsvPlainRecords(builders, delimiter);
        return true;
      }
      if (record.count !== builders.length) {
        const column = record.count < builders.length ? header[record.count] : undefined;
        const where = column ?? `#${builders.length + 1}`;
        throw new InputError(file, line, where, `expected ${builders.length} fields as in the header, got ${record.count}`);
      }
      for (let i = 0; i < record.count; i++) (builders[i] as CsvColumnBuilder).pushField(record, i);
      return true;
    },
    {
      delimiter,
      plainReader: () => plain,
      onProgress: (bytesRead) => {
        // Once the first chunk's rows are in, size the numeric columns for the whole file (a guess
        // from bytes per row: a wrong one costs a copy, never a value).
        const rows = builders?.[0]?.rowCount ?? 0;
        if (!reserved && builders !== undefined && rows >= 1000 && scannedBytes > 0) {
          reserved = true;
          const estimate = Math.ceil((totalBytes / scannedBytes) * rows * 1.02) + 1024;
          for (const builder of builders) builder.reserve(estimate);
        }
        // Past the row limit, stop at the next chunk rather than read on (plain records skip the record callback).
        if (maxRows !== undefined && rows > maxRows) throw new TableTooLargeError(file, 'rows', maxRows, rows);
        scannedBytes = bytesRead;
        onProgress?.(bytesRead, totalBytes);
      },
    },
  );

  if (!builders) throw new InputError(file, 1, undefined, 'the file is empty: expected a header row');
  const rowCount = builders[0]?.rowCount ?? 0;
  if (rowCount === 0) throw new InputError(file, 2, undefined, 'no data rows after the header');
  if (maxRows !== undefined && rowCount > maxRows) throw new TableTooLargeError(file, 'rows', maxRows, rowCount);

  // Columns that turned out to be text after rows of numbers need those rows' original text.
  const restore = builders.flatMap((builder, index) => (builder.textsMissingBefore > 0 ? [{ builder, index }] : []));
  const restoreUntil = Math.max(0, ...restore.map(({ builder }) => builder.textsMissingBefore));
  if (restore.length > 0) {
    let rowIndex = -1;
    await scanCsv(
      source,
      (record) => {
        if (rowIndex >= 0) for (const { builder, index } of restore) builder.restoreTexts(rowIndex, index < record.count ? fieldText(record, index) : '');
        rowIndex++;
        return rowIndex < restoreUntil;
      },
      { delimiter },
    );
  }

  return { rowCount, columns: builders.map((builder) => builder.finish()), source: file, firstDataRow: 2, delimiter };
}

/** The delimiter the source's first bytes show (`detectDelimiter`). */
async function sniff(source: DataSource, totalBytes: number): Promise<string> {
  if (typeof source !== 'string') return detectDelimiter(source.bytes.subarray(0, SNIFF_BYTES), source.bytes.length <= SNIFF_BYTES);
  let handle;
  try {
    handle = await open(source, 'r');
  } catch (error) {
    throw new InputError(source, undefined, undefined, `cannot read: ${(error as Error).message}`);
  }
  try {
    const head = new Uint8Array(Math.min(SNIFF_BYTES, totalBytes));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return detectDelimiter(head.subarray(0, bytesRead), totalBytes <= SNIFF_BYTES);
  } finally {
    await handle.close();
  }
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
