// Reads a Parquet file, or Parquet bytes in memory, column by column with hyparquet (pure
// JavaScript): numeric physical types go to Float64Arrays, strings and booleans to cells, timestamps
// and dates to ISO-8601 text.

import type { Cell } from '@vigil/core';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, DecodedArray, FileMetaData, SchemaElement } from 'hyparquet';
import { sourceName } from './data-source.js';
import type { DataSource } from './data-source.js';
import { InputError, TableTooLargeError } from './errors.js';
import type { LoadedColumn, LoadedTable, PandasDtype } from './loaded-table.js';
import type { LoadOptions } from './load-options.js';

type Kind = 'number' | 'boolean' | 'string' | 'datetime';

export async function loadParquet(source: DataSource, options: LoadOptions = {}): Promise<LoadedTable> {
  const file = sourceName(source);
  let metadata: FileMetaData;
  let buffer: AsyncBuffer;
  try {
    buffer = typeof source === 'string' ? await asyncBufferFromFile(source) : bytesBuffer(source.bytes);
    if (buffer.byteLength === 0) throw new InputError(file, undefined, undefined, 'the file is empty');
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(file, undefined, undefined, `not a readable Parquet file: ${(error as Error).message}`);
  }
  const rowCount = Number(metadata.num_rows);
  const fields = parquetSchema(metadata).children;
  if (fields.length === 0) throw new InputError(file, undefined, undefined, 'the file has no columns');
  if (rowCount === 0) throw new InputError(file, undefined, undefined, 'the file has no rows');
  // Limits hold before a page is decoded: a few kilobytes of run-length pages can claim millions of rows.
  if (options.maxRows !== undefined && rowCount > options.maxRows) throw new TableTooLargeError(file, 'rows', options.maxRows, rowCount);
  if (options.maxDecodedBytes !== undefined) {
    const pages = metadata.row_groups.reduce((sum, group) => sum + group.columns.reduce((s, c) => s + Number(c.meta_data?.total_uncompressed_size ?? 0), 0), 0);
    const decoded = Math.max(rowCount * fields.length * 8, pages);
    if (decoded > options.maxDecodedBytes) throw new TableTooLargeError(file, 'bytes', options.maxDecodedBytes, decoded);
  }

  const columns = fields.map((field) => {
    if (field.children.length > 0) {
      throw new InputError(file, undefined, field.element.name, 'nested Parquet columns (struct, list, map) are not supported');
    }
    return { name: field.element.name, kind: kindOf(file, field.element), nullable: field.element.repetition_type !== 'REQUIRED' };
  });
  const numbers = new Map<string, Float64Array>();
  const cells = new Map<string, Cell[]>();
  const hasNull = new Set<string>();
  for (const column of columns) {
    if (column.kind === 'number') numbers.set(column.name, new Float64Array(rowCount).fill(Number.NaN));
    else cells.set(column.name, new Array<Cell>(rowCount).fill(null));
  }

  let rowsDone = 0;
  try {
    await parquetRead({
      file: buffer,
      metadata,
      onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
        const end = Math.min(rowEnd, rowCount);
        const target = numbers.get(columnName);
        if (target) copyNumbers(columnData, target, rowStart, end, () => hasNull.add(columnName));
        else copyCells(columnData, cells.get(columnName) ?? [], rowStart, end, () => hasNull.add(columnName));
        if (columnName === columns[0]?.name) {
          rowsDone = Math.max(rowsDone, end);
          options.onProgress?.(rowsDone, rowCount);
        }
      },
    });
  } catch (error) {
    throw new InputError(file, undefined, undefined, `not a readable Parquet file: ${(error as Error).message}`);
  }

  const loaded = columns.map((column): LoadedColumn => {
    const values = numbers.get(column.name) ?? cells.get(column.name) ?? [];
    return { name: column.name, values, dtype: dtypeOf(column.kind, hasNull.has(column.name), columnIsInteger(column.name, metadata)) };
  });
  return { rowCount, columns: loaded, source: file, firstDataRow: 1 };
}

/** Bytes in memory as hyparquet reads a file: each slice it asks for is copied out (the bytes stay as they are). */
function bytesBuffer(bytes: Uint8Array): AsyncBuffer {
  // A plain view: a Node Buffer's `slice` is a view, not a copy, and its `.buffer` the whole pool.
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  return { byteLength: view.length, slice: (start, end) => view.slice(start, end).buffer };
}

function kindOf(file: string, element: SchemaElement): Kind {
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  if (logical === 'DATE' || logical === 'TIMESTAMP' || converted === 'DATE' || converted?.startsWith('TIMESTAMP')) return 'datetime';
  switch (element.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
    case 'INT64':
    case 'FLOAT':
    case 'DOUBLE':
      return 'number';
    case 'BYTE_ARRAY':
    case 'FIXED_LEN_BYTE_ARRAY':
      if (logical === 'DECIMAL' || converted === 'DECIMAL' || logical === 'FLOAT16') return 'number';
      if (
        logical === 'STRING' ||
        logical === 'ENUM' ||
        logical === 'UUID' ||
        logical === 'JSON' ||
        converted === 'UTF8' ||
        converted === 'ENUM' ||
        converted === 'JSON'
      ) {
        return 'string';
      }
      break;
    default:
      break;
  }
  throw new InputError(file, undefined, element.name, `unsupported Parquet type ${element.type ?? 'group'}${logical ? ` (${logical})` : ''}`);
}

function columnIsInteger(name: string, metadata: FileMetaData): boolean {
  const element = metadata.schema.find((entry) => entry.name === name);
  const logical = element?.logical_type?.type;
  return (element?.type === 'INT32' || element?.type === 'INT64') && logical !== 'DECIMAL' && element.converted_type !== 'DECIMAL';
}

function dtypeOf(kind: Kind, hasNull: boolean, integer: boolean): PandasDtype {
  // pandas (pyarrow) reads an integer column with nulls as float64 and a boolean one as object.
  if (kind === 'number') return integer && !hasNull ? 'int64' : 'float64';
  if (kind === 'boolean') return hasNull ? 'object' : 'bool';
  return kind === 'datetime' ? 'datetime64' : 'object';
}

function copyNumbers(source: DecodedArray, target: Float64Array, start: number, end: number, onNull: () => void): void {
  for (let i = start; i < end; i++) {
    const value: unknown = source[i - start];
    if (typeof value === 'number') target[i] = value;
    else if (typeof value === 'bigint') target[i] = Number(value);
    else onNull();
  }
}

function copyCells(source: DecodedArray, target: Cell[], start: number, end: number, onNull: () => void): void {
  for (let i = start; i < end; i++) {
    const value: unknown = source[i - start];
    if (value === null || value === undefined) {
      onNull();
      target[i] = null;
    } else if (value instanceof Date) target[i] = value.toISOString();
    else if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') target[i] = value;
    else if (typeof value === 'bigint') target[i] = Number(value);
    else target[i] = String(value);
  }
}
