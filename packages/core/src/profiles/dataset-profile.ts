// A mergeable summary of a whole dataset or time bucket: row count, time range and one column
// profile per column. The unit the server keeps per (model, version, segment, bucket).

import { ByteReader, ByteWriter, CorruptInputError, InvalidArgumentError, decodeUtf8, encodeUtf8 } from '@vigil/stats';
import { ColumnProfile } from './column-profile.js';
import type { ColumnProfileJSON, ColumnProfileOptions } from './column-profile.js';

/** Where a dataset's rows fall in time (epoch milliseconds, inclusive). */
export interface TimeRange {
  start: number;
  end: number;
}

export interface DatasetProfileOptions extends ColumnProfileOptions {
  /** A column holding each row's time (epoch ms number, ISO string or Date): it sets the time range and is not profiled. */
  readonly timestampColumn?: string;
}

const FORMAT_TYPE = 0x50; // 'P'
const FORMAT_VERSION = 1;

/**
 * A dataset profile. Columns are created on first sight; a column missing from some rows simply
 * has fewer values (its `count` is below `rowCount`), so rows need not share a schema.
 */
export class DatasetProfile {
  rowCount = 0;
  timeRange: TimeRange | null = null;
  readonly columns = new Map<string, ColumnProfile>();
  private readonly options: DatasetProfileOptions;

  constructor(options: DatasetProfileOptions = {}) {
    this.options = options;
  }

  /** Profiles rows given as objects (`{ feature: value }`). */
  static fromRows(rows: Iterable<Readonly<Record<string, unknown>>>, options: DatasetProfileOptions = {}): DatasetProfile {
    const p = new DatasetProfile(options);
    for (const row of rows) p.addRow(row);
    return p;
  }

  /**
   * Profiles columns given as arrays of equal length (typed arrays take the numeric fast path).
   * `timestamps`, if given, sets the time range.
   */
  static fromColumns(
    columns: Readonly<Record<string, ArrayLike<unknown>>>,
    options: ColumnProfileOptions & { timestamps?: ArrayLike<number> } = {},
  ): DatasetProfile {
    const { timestamps, ...columnOptions } = options;
    const p = new DatasetProfile(columnOptions);
    let rows: number | null = null;
    for (const [name, values] of Object.entries(columns)) {
      if (rows !== null && values.length !== rows) {
        throw new InvalidArgumentError(`columns.${name}`, `${rows} values, as the other columns`, values.length);
      }
      rows = values.length;
      const col = p.column(name);
      if (isNumericArray(values)) col.updateNumbers(values);
      else for (let i = 0; i < values.length; i++) col.update(values[i]);
    }
    p.rowCount = rows ?? 0;
    if (timestamps !== undefined) {
      if (rows !== null && timestamps.length !== rows)
        throw new InvalidArgumentError('options.timestamps', `${rows} timestamps, one per row`, timestamps.length);
      for (let i = 0; i < timestamps.length; i++) p.extendTime(timestamps[i] as number, `options.timestamps[${i}]`);
      if (rows === null) p.rowCount = timestamps.length;
    }
    return p;
  }

  /** Adds one row. */
  addRow(row: Readonly<Record<string, unknown>>): this {
    this.rowCount++;
    const ts = this.options.timestampColumn;
    for (const key in row) {
      const value = row[key];
      if (key === ts) {
        this.extendTime(toEpochMs(value, `row.${key}`), `row.${key}`);
        continue;
      }
      this.column(key).update(value);
    }
    return this;
  }

  /** The profile of a column, created empty on first use. */
  column(name: string): ColumnProfile {
    let c = this.columns.get(name);
    if (c === undefined) {
      c = new ColumnProfile(this.options);
      this.columns.set(name, c);
    }
    return c;
  }

  private extendTime(t: number, field: string): void {
    if (!Number.isFinite(t)) throw new InvalidArgumentError(field, 'a finite epoch-millisecond time', t);
    if (this.timeRange === null) this.timeRange = { start: t, end: t };
    else {
      if (t < this.timeRange.start) this.timeRange.start = t;
      if (t > this.timeRange.end) this.timeRange.end = t;
    }
  }

  /** A new profile of the rows of both; neither input changes. Associative and commutative. */
  static merge(a: DatasetProfile, b: DatasetProfile): DatasetProfile {
    return DatasetProfile.fromBytes(a.toBytes()).mergeFrom(b);
  }

  /** Adds the rows `other` describes to this profile in place (`other` does not change). */
  mergeFrom(other: DatasetProfile): this {
    this.rowCount += other.rowCount;
    if (other.timeRange !== null) {
      this.extendTime(other.timeRange.start, 'other.timeRange.start');
      this.extendTime(other.timeRange.end, 'other.timeRange.end');
    }
    for (const [name, col] of other.columns) {
      const mine = this.columns.get(name);
      if (mine === undefined) this.columns.set(name, col.clone());
      else mine.mergeFrom(col);
    }
    return this;
  }

  toJSON(): DatasetProfileJSON {
    const columns: Record<string, ColumnProfileJSON> = {};
    for (const [name, col] of [...this.columns].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) columns[name] = col.toJSON();
    return { type: 'dataset-profile', version: FORMAT_VERSION, rowCount: this.rowCount, timeRange: this.timeRange && { ...this.timeRange }, columns };
  }

  static fromJSON(obj: unknown): DatasetProfile {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new CorruptInputError('json', 'a dataset profile JSON object', obj);
    const o = obj as Record<string, unknown>;
    if (o['type'] !== 'dataset-profile') throw new CorruptInputError('json.type', "'dataset-profile'", o['type']);
    if (o['version'] !== FORMAT_VERSION) throw new CorruptInputError('json.version', String(FORMAT_VERSION), o['version']);
    const p = new DatasetProfile();
    const rows = o['rowCount'];
    if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 0) throw new CorruptInputError('json.rowCount', 'a non-negative integer', rows);
    p.rowCount = rows;
    const tr = o['timeRange'];
    if (tr !== null) {
      const r = tr as Record<string, unknown> | undefined;
      if (r === undefined || typeof r !== 'object' || typeof r['start'] !== 'number' || typeof r['end'] !== 'number' || !(r['start'] <= r['end'])) {
        throw new CorruptInputError('json.timeRange', 'null or { start, end } with start ≤ end', tr);
      }
      p.timeRange = { start: r['start'], end: r['end'] };
    }
    const cols = o['columns'];
    if (cols === null || typeof cols !== 'object' || Array.isArray(cols)) throw new CorruptInputError('json.columns', 'an object of column profiles', cols);
    for (const [name, c] of Object.entries(cols as Record<string, unknown>)) {
      const col = ColumnProfile.fromJSON(c);
      if (col.count > rows) throw new CorruptInputError(`json.columns.${name}.count`, `at most rowCount (${rows}) values`, col.count);
      p.columns.set(name, col);
    }
    return p;
  }

  /** Compact binary form under one CRC32: header, then each column's name and framed bytes. */
  toBytes(): Uint8Array {
    const w = new ByteWriter(FORMAT_TYPE, FORMAT_VERSION);
    w.f64(this.rowCount);
    w.u8(this.timeRange === null ? 0 : 1);
    if (this.timeRange !== null) {
      w.f64(this.timeRange.start);
      w.f64(this.timeRange.end);
    }
    w.u32(this.columns.size);
    for (const [name, col] of this.columns) {
      const nameBytes = encodeUtf8(name);
      w.u32(nameBytes.length);
      w.bytes(nameBytes);
      const b = col.toBytes();
      w.u32(b.length);
      w.bytes(b);
    }
    return w.finish();
  }

  static fromBytes(bytes: Uint8Array): DatasetProfile {
    const r = new ByteReader(bytes, 'dataset profile', FORMAT_TYPE, FORMAT_VERSION);
    const p = new DatasetProfile();
    p.rowCount = r.f64();
    if (!Number.isInteger(p.rowCount) || p.rowCount < 0) throw new CorruptInputError('bytes.rowCount', 'a non-negative integer', p.rowCount);
    const hasTime = r.u8();
    if (hasTime > 1) throw new CorruptInputError('bytes.timeRange', 'a 0/1 flag', hasTime);
    if (hasTime === 1) {
      const start = r.f64();
      const end = r.f64();
      if (!(start <= end)) throw new CorruptInputError('bytes.timeRange', 'start ≤ end', `${start}..${end}`);
      p.timeRange = { start, end };
    }
    const n = r.u32();
    for (let i = 0; i < n; i++) {
      const name = decodeUtf8(r.bytesOf(r.u32()));
      if (name === null) throw new CorruptInputError(`bytes.columns[${i}].name`, 'UTF-8 text');
      // This frame's checksum covers the column's bytes: it is not checked again.
      const col = ColumnProfile.fromBytes(r.bytesOf(r.u32()), { verifyChecksum: false });
      if (col.count > p.rowCount) throw new CorruptInputError(`bytes.columns.${name}.count`, `at most rowCount (${p.rowCount}) values`, col.count);
      p.columns.set(name, col);
    }
    r.done();
    return p;
  }
}

/** The JSON form of a dataset profile. */
export interface DatasetProfileJSON {
  type: 'dataset-profile';
  version: number;
  rowCount: number;
  timeRange: TimeRange | null;
  columns: Record<string, ColumnProfileJSON>;
}

function isNumericArray(values: ArrayLike<unknown>): values is ArrayLike<number> {
  return ArrayBuffer.isView(values) && !(values instanceof DataView) && !(values instanceof BigInt64Array) && !(values instanceof BigUint64Array);
}

function toEpochMs(v: unknown, field: string): number {
  if (typeof v === 'number') return v;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return t;
  }
  throw new InvalidArgumentError(field, 'a time: epoch milliseconds, an ISO 8601 string or a Date', v);
}
