// Request bodies: JSON, NDJSON (one event per line), CSV and Parquet (reference uploads), each
// possibly gzip-compressed. The body limit applies to the decompressed bytes.

import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { NdjsonBody, RawBody } from '../api/route-spec.js';
import { BadRequestError } from '../errors.js';

export function registerBodyParsers(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const enc = request.headers['content-encoding'];
    if (enc === undefined || enc === 'identity') return payload;
    if (enc !== 'gzip')
      throw new BadRequestError(`Content-Encoding ${JSON.stringify(enc)} is not supported; use gzip or none`, undefined, 'UNSUPPORTED_ENCODING');
    // The decompressed length is unknown: drop the header so the body limit counts real bytes.
    delete request.headers['content-length'];
    const gunzip = createGunzip();
    payload.pipe(gunzip);
    payload.on('error', (e) => gunzip.destroy(e));
    return gunzip;
  });

  app.addContentTypeParser(['application/x-ndjson', 'application/jsonl', 'application/ndjson'], { parseAs: 'string' }, (_req, text, done) => {
    const lines = (text as string).split('\n');
    const out: unknown[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (line === '') continue;
      try {
        out.push(JSON.parse(line));
      } catch (e) {
        done(
          new BadRequestError(
            `line ${i + 1} of the NDJSON body is not valid JSON: ${(e as Error).message}`,
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
}
