// OTLP's protobuf messages (opentelemetry-proto v1: collector/trace, collector/logs, trace, logs,
// common, resource) read into the same shape as OTLP/JSON, so one mapping serves both encodings;
// and the export responses written back. Only the fields Vigil reads are decoded; the protobuf wire
// format lets every other field be skipped by its wire type.

import { BadRequestError } from '../errors.js';
import type { OtlpAnyValue, OtlpKeyValue, OtlpLogsRequest, OtlpTraceRequest } from '@vigil/wire';

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

class ProtoReader {
  pos = 0;
  constructor(
    private readonly buf: Uint8Array,
    private readonly end: number = buf.length,
    start = 0,
  ) {
    this.pos = start;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  private fail(what: string): never {
    throw new BadRequestError(
      `the protobuf body is malformed: ${what} at byte ${this.pos}`,
      [{ path: '', message: 'an OTLP protobuf message' }],
      'INVALID_PROTOBUF',
    );
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) this.fail('a truncated varint');
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) this.fail('a varint longer than 10 bytes');
    }
  }

  /** A varint that fits a JS number (tags, lengths, enums, counts). */
  small(): number {
    const v = this.varint();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail('a length or tag too large');
    return Number(v);
  }

  tag(): { field: number; wire: number } {
    const t = this.small();
    return { field: t >>> 3, wire: t & 7 };
  }

  fixed64(): bigint {
    if (this.pos + 8 > this.end) this.fail('a truncated fixed64');
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getBigUint64(0, true);
  }

  double(): number {
    if (this.pos + 8 > this.end) this.fail('a truncated double');
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8);
    this.pos += 8;
    return view.getFloat64(0, true);
  }

  /** The bounds of a length-delimited field. */
  bytes(): { start: number; end: number } {
    const len = this.small();
    const start = this.pos;
    if (start + len > this.end) this.fail('a length past the end of its message');
    this.pos = start + len;
    return { start, end: start + len };
  }

  sub(): ProtoReader {
    const { start, end } = this.bytes();
    return new ProtoReader(this.buf, end, start);
  }

  string(): string {
    const { start, end } = this.bytes();
    return TEXT.decode(this.buf.subarray(start, end));
  }

  hex(): string {
    const { start, end } = this.bytes();
    return Buffer.from(this.buf.subarray(start, end)).toString('hex');
  }

  skip(wire: number): void {
    if (wire === VARINT) this.varint();
    else if (wire === FIXED64) this.pos += 8;
    else if (wire === LEN) this.bytes();
    else if (wire === FIXED32) this.pos += 4;
    else this.fail(`an unsupported wire type ${wire}`);
    if (this.pos > this.end) this.fail('a field past the end of its message');
  }
}

const TEXT = new TextDecoder('utf-8', { fatal: false });

/** Reads every field of a message with `onField`, which returns false for fields it does not read. */
function each(r: ProtoReader, onField: (field: number, wire: number) => boolean): void {
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (!onField(field, wire)) r.skip(wire);
  }
}

function anyValue(r: ProtoReader): OtlpAnyValue {
  let out: OtlpAnyValue = {};
  each(r, (f, w) => {
    if (f === 1 && w === LEN) out = { stringValue: r.string() };
    else if (f === 2 && w === VARINT) out = { boolValue: r.varint() !== 0n };
    else if (f === 3 && w === VARINT) out = { intValue: BigInt.asIntN(64, r.varint()).toString() };
    else if (f === 4 && w === FIXED64) out = { doubleValue: r.double() };
    else if (f === 5 && w === LEN) {
      const values: OtlpAnyValue[] = [];
      const a = r.sub();
      each(a, (g, x) => (g === 1 && x === LEN ? (values.push(anyValue(a.sub())), true) : false));
      out = { arrayValue: { values } };
    } else if (f === 6 && w === LEN) {
      const values: OtlpKeyValue[] = [];
      const l = r.sub();
      each(l, (g, x) => (g === 1 && x === LEN ? (values.push(keyValue(l.sub())), true) : false));
      out = { kvlistValue: { values } };
    } else if (f === 7 && w === LEN) out = { bytesValue: Buffer.from(r.hex(), 'hex').toString('base64') };
    else return false;
    return true;
  });
  return out;
}

function keyValue(r: ProtoReader): OtlpKeyValue {
  let key = '';
  let value: OtlpAnyValue = {};
  each(r, (f, w) => {
    if (f === 1 && w === LEN) key = r.string();
    else if (f === 2 && w === LEN) value = anyValue(r.sub());
    else return false;
    return true;
  });
  return { key, value };
}

/** `Resource` and `InstrumentationScope` alike: their attributes (field 1 of a resource, 3 of a scope) and a scope's name. */
function attributesOf(r: ProtoReader, attributesField: number): { attributes: OtlpKeyValue[]; name?: string } {
  const attributes: OtlpKeyValue[] = [];
  let name: string | undefined;
  each(r, (f, w) => {
    if (f === attributesField && w === LEN) attributes.push(keyValue(r.sub()));
    else if (attributesField === 3 && f === 1 && w === LEN) name = r.string();
    else return false;
    return true;
  });
  return name === undefined ? { attributes } : { attributes, name };
}

type OtlpSpan = OtlpTraceRequest['resourceSpans'][number]['scopeSpans'][number]['spans'][number];
type OtlpLogRecord = OtlpLogsRequest['resourceLogs'][number]['scopeLogs'][number]['logRecords'][number];

function span(r: ProtoReader): OtlpSpan {
  const s: OtlpSpan = { traceId: '', spanId: '', name: '', startTimeUnixNano: '0', endTimeUnixNano: '0', attributes: [] };
  each(r, (f, w) => {
    if (f === 1 && w === LEN) s.traceId = r.hex();
    else if (f === 2 && w === LEN) s.spanId = r.hex();
    else if (f === 4 && w === LEN) s.parentSpanId = r.hex();
    else if (f === 5 && w === LEN) s.name = r.string();
    else if (f === 6 && w === VARINT) s.kind = r.small();
    else if (f === 7 && w === FIXED64) s.startTimeUnixNano = r.fixed64().toString();
    else if (f === 8 && w === FIXED64) s.endTimeUnixNano = r.fixed64().toString();
    else if (f === 9 && w === LEN) s.attributes!.push(keyValue(r.sub()));
    else if (f === 15 && w === LEN) {
      const status: { code?: number; message?: string } = {};
      const st = r.sub();
      each(st, (g, x) => {
        if (g === 2 && x === LEN) status.message = st.string();
        else if (g === 3 && x === VARINT) status.code = st.small();
        else return false;
        return true;
      });
      s.status = status;
    } else return false;
    return true;
  });
  return s;
}

function logRecord(r: ProtoReader): OtlpLogRecord {
  const l: OtlpLogRecord = { attributes: [] };
  each(r, (f, w) => {
    if (f === 1 && w === FIXED64) l.timeUnixNano = r.fixed64().toString();
    else if (f === 11 && w === FIXED64) l.observedTimeUnixNano = r.fixed64().toString();
    else if (f === 2 && w === VARINT) l.severityNumber = r.small();
    else if (f === 3 && w === LEN) l.severityText = r.string();
    else if (f === 5 && w === LEN) l.body = anyValue(r.sub());
    else if (f === 6 && w === LEN) l.attributes!.push(keyValue(r.sub()));
    else if (f === 9 && w === LEN) l.traceId = r.hex();
    else if (f === 10 && w === LEN) l.spanId = r.hex();
    else if (f === 12 && w === LEN) l.eventName = r.string();
    else return false;
    return true;
  });
  return l;
}

/** `ExportTraceServiceRequest` into OTLP/JSON's shape (ids as hex, 64-bit integers as decimal strings). */
export function decodeTraceRequest(bytes: Uint8Array): OtlpTraceRequest {
  const resourceSpans: OtlpTraceRequest['resourceSpans'] = [];
  const r = new ProtoReader(bytes);
  each(r, (f, w) => {
    if (f !== 1 || w !== LEN) return false;
    const rs: OtlpTraceRequest['resourceSpans'][number] = { scopeSpans: [] };
    const m = r.sub();
    each(m, (g, x) => {
      if (g === 1 && x === LEN) rs.resource = attributesOf(m.sub(), 1);
      else if (g === 2 && x === LEN) {
        const ss: OtlpTraceRequest['resourceSpans'][number]['scopeSpans'][number] = { spans: [] };
        const s = m.sub();
        each(s, (h, y) => {
          if (h === 1 && y === LEN) ss.scope = attributesOf(s.sub(), 3);
          else if (h === 2 && y === LEN) ss.spans.push(span(s.sub()));
          else return false;
          return true;
        });
        rs.scopeSpans.push(ss);
      } else return false;
      return true;
    });
    resourceSpans.push(rs);
    return true;
  });
  return { resourceSpans };
}

/** `ExportLogsServiceRequest` into OTLP/JSON's shape. */
export function decodeLogsRequest(bytes: Uint8Array): OtlpLogsRequest {
  const resourceLogs: OtlpLogsRequest['resourceLogs'] = [];
  const r = new ProtoReader(bytes);
  each(r, (f, w) => {
    if (f !== 1 || w !== LEN) return false;
    const rl: OtlpLogsRequest['resourceLogs'][number] = { scopeLogs: [] };
    const m = r.sub();
    each(m, (g, x) => {
      if (g === 1 && x === LEN) rl.resource = attributesOf(m.sub(), 1);
      else if (g === 2 && x === LEN) {
        const sl: OtlpLogsRequest['resourceLogs'][number]['scopeLogs'][number] = { logRecords: [] };
        const s = m.sub();
        each(s, (h, y) => {
          if (h === 1 && y === LEN) sl.scope = attributesOf(s.sub(), 3);
          else if (h === 2 && y === LEN) sl.logRecords.push(logRecord(s.sub()));
          else return false;
          return true;
        });
        rl.scopeLogs.push(sl);
      } else return false;
      return true;
    });
    resourceLogs.push(rl);
    return true;
  });
  return { resourceLogs };
}

function varintBytes(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/**
 * `ExportTraceServiceResponse` / `ExportLogsServiceResponse`: empty when everything was taken, else
 * `partial_success` (field 1) with the rejected count (field 1) and the error message (field 2).
 */
export function encodeExportResponse(rejected: number, message: string): Uint8Array {
  if (rejected === 0 && message === '') return new Uint8Array(0);
  const text = new TextEncoder().encode(message);
  const inner = [...(rejected > 0 ? [0x08, ...varintBytes(rejected)] : []), ...(text.length > 0 ? [0x12, ...varintBytes(text.length), ...text] : [])];
  return Uint8Array.from([0x0a, ...varintBytes(inner.length), ...inner]);
}
