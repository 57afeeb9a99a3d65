// A streaming RFC 4180 byte scanner with csv-parse's defaults (`bom`, `relax_column_count`) and its
// `delimiter` option, over a file or bytes in memory: it hands each record's field boundaries to the caller, so numbers are
// parsed from bytes, not strings.

import { open } from 'node:fs/promises';
import { sourceName } from './data-source.js';
import type { DataSource } from './data-source.js';
import { InputError } from './errors.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** One record: field i is `bytes[starts[i] .. ends[i])`; `escaped[i]` is 1 when it holds doubled quotes. */
export interface CsvRecord {
  bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly escaped: Uint8Array;
  count: number;
}

/** Field `i` of a record as text, quotes unescaped. */
export function fieldText(record: CsvRecord, i: number): string {
  const text = Buffer.from(record.bytes.buffer, record.bytes.byteOffset, record.bytes.length).toString('utf8', record.starts[i], record.ends[i]);
  return record.escaped[i] === 1 ? text.replaceAll('""', '"') : text;
}

/** Every field of a record as text. */
export function recordTexts(record: CsvRecord): string[] {
  const out: string[] = [];
  for (let i = 0; i < record.count; i++) out.push(fieldText(record, i));
  return out;
}

/** Called per record with the file line it ends on; returning false stops the scan. */
export type OnCsvRecord = (record: CsvRecord, line: number) => boolean;

/**
 * A fast path the scanner offers plain stretches of the file to, once it knows the line end: the
 * reader consumes whole records (each one line) and counts them in `records`, or stops at one it
 * does not take, which the scanner then reads itself (and passes to `onRecord`).
 */
export interface PlainRecordReader {
  records: number;
  /** Reads records starting before `limit` (just after a line feed); returns where it stopped. */
  readPlain(buf: Uint8Array, pos: number, limit: number, crlf: boolean): number;
}

export interface ScanOptions {
  onProgress?: (bytesRead: number) => void;
  /** Bytes read per call (the buffer grows for longer records). */
  chunkSize?: number;
  /** Asked for the fast path before each record; undefined (the default) reads every record through `onRecord`. */
  plainReader?: () => PlainRecordReader | undefined;
  /** The field delimiter, one ASCII character other than a quote or a line end (default `,`). */
  delimiter?: string;
}

const CHUNK = 1 << 22;

/**
 * Scans a file, or bytes in memory, record by record. The record delimiter is the first line end
 * seen outside quotes (`\r\n`, `\n` or `\r`), as csv-parse detects it; a quote inside an unquoted
 * field, text after a closing quote and an unclosed quote are errors naming the line, with
 * csv-parse's messages.
 */
export async function scanCsv(source: DataSource, onRecord: OnCsvRecord, options: ScanOptions = {}): Promise<void> {
  if (typeof source === 'string') await scanFile(source, onRecord, options);
  else scanBytes(source.bytes, new Scanner(sourceName(source), onRecord, options), options);
}

async function scanFile(file: string, onRecord: OnCsvRecord, options: ScanOptions): Promise<void> {
  const { onProgress, chunkSize = CHUNK } = options;
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new InputError(file, undefined, undefined, `cannot read: ${(error as Error).message}`);
  }
  try {
    const scanner = new Scanner(file, onRecord, options);
    let buf = new Uint8Array(chunkSize);
    let filled = 0;
    let bytesRead = 0;
    let first = true;
    for (;;) {
      if (filled === buf.length) {
        const grown = new Uint8Array(buf.length * 2);
        grown.set(buf);
        buf = grown;
      }
      const { bytesRead: n } = await handle.read(buf, filled, buf.length - filled, null);
      bytesRead += n;
      onProgress?.(bytesRead);
      filled += n;
      const eof = n === 0;
      let from = 0;
      if (first && filled >= 3 && hasBom(buf)) from = 3;
      if (first && (filled >= 3 || eof)) first = false;
      else if (first) continue;
      const consumed = scanner.scan(buf, from, filled, eof);
      if (consumed < 0 || eof) return;
      buf.copyWithin(0, consumed, filled);
      filled -= consumed;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Bytes in memory are scanned where they lie (never copied, never written), in windows that grow by
 * `chunkSize` as a file is read, so progress and the loader's sizing see the same steps. A record
 * longer than that doubles the window, as it doubles a file's buffer, so it is rescanned only a few times.
 */
function scanBytes(bytes: Uint8Array, scanner: Scanner, options: ScanOptions): void {
  const { onProgress, chunkSize = CHUNK } = options;
  let start = bytes.length >= 3 && hasBom(bytes) ? 3 : 0;
  let end = 0;
  for (;;) {
    end = Math.min(bytes.length, Math.max(end + chunkSize, start + 2 * (end - start)));
    onProgress?.(end);
    const eof = end === bytes.length;
    // A window must hold the BOM whole before it is skipped, as with a file.
    if (!eof && end < 3) continue;
    const consumed = scanner.scan(bytes, start, end, eof);
    if (consumed < 0 || eof) return;
    start = consumed;
  }
}

function hasBom(buf: Uint8Array): boolean {
  return buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

class Scanner {
  private readonly file: string;
  private readonly onRecord: OnCsvRecord;
  private record: CsvRecord = { bytes: new Uint8Array(0), starts: new Int32Array(64), ends: new Int32Array(64), escaped: new Uint8Array(64), count: 0 };
  /** 0 until detected; then LF, CR, or CR + LF marked as -1. */
  private delimiter = 0;
  private line = 1;
  private readonly plainReader: (() => PlainRecordReader | undefined) | undefined;
  /** The field delimiter's byte. */
  private readonly separator: number;

  constructor(file: string, onRecord: OnCsvRecord, options: ScanOptions) {
    this.file = file;
    this.onRecord = onRecord;
    this.plainReader = options.plainReader;
    this.separator = (options.delimiter ?? ',').charCodeAt(0);
  }

  /** Scans whole records from `pos`; returns where the unfinished one starts, or -1 when the caller stopped. */
  scan(buf: Uint8Array, pos: number, end: number, eof: boolean): number {
    this.record.bytes = buf;
    // Plain records may start up to just after the last line feed: every field scan stops at a line feed.
    let plainLimit = -1;
    while (pos < end) {
      if (this.plainReader !== undefined && (this.delimiter === LF || this.delimiter === -1)) {
        if (plainLimit < 0) plainLimit = buf.lastIndexOf(LF, end - 1) + 1;
        const reader = pos < plainLimit ? this.plainReader() : undefined;
        if (reader !== undefined) {
          // The reader takes a batch of records at a time: ask again until it stops taking any.
          for (;;) {
            const before = reader.records;
            pos = reader.readPlain(buf, pos, plainLimit, this.delimiter === -1);
            this.line += reader.records - before;
            if (reader.records === before || pos >= plainLimit) break;
          }
          if (pos >= end) break;
        }
      }
      const next = this.scanRecord(buf, pos, end, eof);
      if (next === -1) return pos;
      if (next === -2) return -1;
      pos = next;
    }
    return pos;
  }

  // Length of the record delimiter at i (0: not one; -1: cannot tell before more bytes arrive).
  private delimiterAt(buf: Uint8Array, i: number, end: number, eof: boolean): number {
    const c = buf[i];
    if (this.delimiter === 0) {
      if (c === LF) this.delimiter = LF;
      else {
        if (i + 1 >= end && !eof) return -1;
        this.delimiter = i + 1 < end && buf[i + 1] === LF ? -1 : CR;
      }
    }
    if (this.delimiter === LF) return c === LF ? 1 : 0;
    if (this.delimiter === CR) return c === CR ? 1 : 0;
    if (c !== CR) return 0;
    if (i + 1 >= end && !eof) return -1;
    return i + 1 < end && buf[i + 1] === LF ? 2 : 0;
  }

  private push(start: number, end: number, escaped: number): void {
    let r = this.record;
    if (r.count === r.starts.length) {
      const size = r.starts.length * 2;
      const grow = <T extends Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
      r = this.record = {
        bytes: r.bytes,
        starts: grow(r.starts, new Int32Array(size)),
        ends: grow(r.ends, new Int32Array(size)),
        escaped: grow(r.escaped, new Uint8Array(size)),
        count: r.count,
      };
    }
    r.starts[r.count] = start;
    r.ends[r.count] = end;
    r.escaped[r.count] = escaped;
    r.count++;
  }

  // Returns the position after the record, -1 when it is incomplete in this buffer, -2 when stopped.
  private scanRecord(buf: Uint8Array, pos: number, end: number, eof: boolean): number {
    const record = this.record;
    const separator = this.separator;
    record.count = 0;
    let newlines = 0;
    let i = pos;
    for (;;) {
      let fieldStart = i;
      let fieldEnd: number;
      let escaped = 0;
      if (i < end && buf[i] === QUOTE) {
        fieldStart = ++i;
        for (;;) {
          if (i >= end) {
            if (!eof) return -1;
            throw new InputError(this.file, this.line, undefined, 'Quote Not Closed: the parsing is finished with an opening quote (CSV_QUOTE_NOT_CLOSED)');
          }
          const c = buf[i];
          if (c === QUOTE) {
            if (i + 1 >= end && !eof) return -1;
            if (i + 1 < end && buf[i + 1] === QUOTE) {
              escaped = 1;
              i += 2;
              continue;
            }
            break;
          }
          if (c === LF) newlines++;
          i++;
        }
        fieldEnd = i++;
        if (i < end && buf[i] !== separator) {
          const d = this.delimiterAt(buf, i, end, eof);
          if (d === -1) return -1;
          if (d === 0) {
            const got = String.fromCharCode(buf[i] as number);
            throw new InputError(
              this.file,
              this.line + newlines,
              undefined,
              `Invalid Closing Quote: got "${got}" instead of delimiter, record delimiter, trimable character (if activated) or comment (CSV_INVALID_CLOSING_QUOTE)`,
            );
          }
        }
      } else {
        for (;;) {
          let c = 0;
          while (i < end && (c = buf[i] as number) !== separator && c !== LF && c !== CR && c !== QUOTE) i++;
          if (i >= end || c === separator) break;
          if (c === QUOTE) {
            throw new InputError(
              this.file,
              this.line + newlines,
              undefined,
              `Invalid Opening Quote: a quote is found on field ${record.count} (INVALID_OPENING_QUOTE)`,
            );
          }
          const d = this.delimiterAt(buf, i, end, eof);
          if (d === -1) return -1;
          if (d !== 0) break;
          i++;
        }
        fieldEnd = i;
      }
      if (i >= end && !eof) return -1;
      this.push(fieldStart, fieldEnd, escaped);
      if (i < end && buf[i] === separator) {
        i++;
        continue;
      }
      // End of the record: a record delimiter, or the end of the file.
      const d = i < end ? this.delimiterAt(buf, i, end, eof) : 0;
      const line = this.line + newlines;
      this.line = line + 1;
      if (!this.onRecord(record, line)) return -2;
      return i + Math.max(d, 0);
    }
  }
}
