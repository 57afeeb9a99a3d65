// Request bodies: JSON, NDJSON (one event per line), CSV and Parquet (reference uploads), each
// possibly gzip-compressed. The body limit applies to the decompressed bytes. JSON and NDJSON may
// write NaN, Infinity and -Infinity as Python's json.dumps does: they are read as null (missing).

import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { NdjsonBody, ProtobufBody, RawBody } from '../api/route-spec.js';
import { BadRequestError } from '../errors.js';
import { jsonSyntaxError, nonFiniteTokensAsNull } from './non-finite-json.js';

function invalidJson(text: string): BadRequestError {
  return new BadRequestError(`the body is not valid JSON: ${jsonSyntaxError(text)}`, [{ path: '', message: 'a JSON document' }], 'INVALID_JSON');
}

/** One NDJSON line: JSON.parse first (the hot path), then again with non-finite tokens as null. */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (e) {
    const fixed = nonFiniteTokensAsNull(line);
    if (fixed !== undefined) {
      try {
        return JSON.parse(fixed);
      } catch {
        // the first error names the fault at its position in the line as sent
      }
    }
    throw e;
  }
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    // Content codings are case-insensitive (RFC 9110 §8.4.1): `GZIP` and ` gzip ` are gzip.
    const raw = request.headers['content-encoding'];
    const enc = raw?.trim().toLowerCase();
    if (enc === undefined || enc === '' || enc === 'identity') return payload;
    if (enc !== 'gzip')
      throw new BadRequestError(`Content-Encoding ${JSON.stringify(raw)} is not supported; use gzip or none`, undefined, 'UNSUPPORTED_ENCODING');
    // The decompressed length is unknown: drop the header so the body limit counts real bytes.
    delete request.headers['content-length'];
    const gunzip = createGunzip();
    payload.pipe(gunzip);
    payload.on('error', (e) => gunzip.destroy(e));
    return gunzip;
  });

  // Fastify's own JSON parser (prototype-poisoning checks included) stays the fast path; a body it
  // refuses is read again with non-finite tokens as null, or refused naming the line, column and token.
  // That parser is synchronous: it calls `done` before it returns (hence `void`).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, text, done) => {
    void parseJson(req, text as string, (err, body) => {
      if (err === null) return done(null, body);
      if ((err as { code?: string }).code !== 'FST_ERR_CTP_INVALID_JSON_BODY') return done(err, undefined);
      const fixed = nonFiniteTokensAsNull(text as string);
      if (fixed === undefined) return done(invalidJson(text as string), undefined);
      void parseJson(req, fixed, (again, parsed) => (again === null ? done(null, parsed) : done(invalidJson(text as string), undefined)));
    });
  });

  app.addContentTypeParser(['application/x-ndjson', 'application/jsonl', 'application/ndjson'], { parseAs: 'string' }, (_req, text, done) => {
    const lines = (text as string).split('\n');
    const out: unknown[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === '') continue;
      try {
        out.push(parseLine(line));
      } catch {
        done(
          new BadRequestError(
            `line ${i + 1} of the NDJSON body is not valid JSON: ${jsonSyntaxError(line)}`,
            [{ path: `line ${i + 1}`, message: 'a JSON object' }],
            'INVALID_JSON',
          ),
          undefined,
        );
        return;
      }
    }
    done(null, { ndjson: out } satisfies NdjsonBody);
  });
  app.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_req, raw, done) => done(null, { raw: raw as Buffer, format: 'csv' } satisfies RawBody));
  app.addContentTypeParser(['application/vnd.apache.parquet', 'application/x-parquet'], { parseAs: 'buffer' }, (_req, raw, done) =>
    done(null, { raw: raw as Buffer, format: 'parquet' } satisfies RawBody),
  );
  // OTLP/HTTP's protobuf encoding (the OpenTelemetry intake decodes it).
  app.addContentTypeParser('application/x-protobuf', { parseAs: 'buffer' }, (_req, raw, done) =>
    done(null, { protobuf: raw as Buffer } satisfies ProtobufBody),
  );
}
