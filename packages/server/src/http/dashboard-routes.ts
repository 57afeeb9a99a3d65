// Serves the built dashboard (@vigil/dashboard's dist) at `/`: its files, and index.html for any
// other page a browser asks for (the app routes on the path), while API misses stay JSON 404s.

import { stat } from 'node:fs/promises';
import { join, normalize, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths the server answers itself: never the dashboard's, so a miss there is the API's 404. */
const SERVER_PATHS = /^\/(v1|docs|metrics|healthz)(\/|$)/;

/** Hashed build outputs never change under their name; index.html must always be revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Vigil</title>
<body style="font-family: system-ui, sans-serif; margin: 3rem; max-width: 40rem">
<h1>The Vigil dashboard is not built</h1>
<p>The API is running (see <a href="/docs">/docs</a>). To serve the dashboard here, build it once:</p>
<pre>npm run build -w @vigil/dashboard</pre>
<p>and restart the server.</p></body></html>`;

export async function registerDashboard(app: FastifyInstance, dir: string): Promise<void> {
  const root = resolve(dir);
  // `serve: false`: the plugin only adds reply.sendFile; the routes below decide what is served,
  // and set cache-control themselves (`cacheControl: false` keeps the plugin's max-age=0 off).
  await app.register(fastifyStatic, { root, serve: false, cacheControl: false });

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = decodePath(request.url);
    if (path === undefined || SERVER_PATHS.test(path)) return reply.callNotFound();
    const file = path === '/' ? undefined : await fileIn(root, path);
    if (file !== undefined) {
      reply.header('cache-control', file.startsWith(`assets${sep}`) ? IMMUTABLE : 'no-cache');
      return reply.sendFile(file);
    }
    // `/` is always the app; deeper unknown paths are the app only for a browser asking for a page.
    if (path !== '/' && !acceptsHtml(request)) return reply.callNotFound();
    if ((await fileIn(root, '/index.html')) === undefined) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
  app.get('/', { config: { hidden: true } }, page);
  app.get('/*', { config: { hidden: true } }, page);
}

function decodePath(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split('?')[0]!);
  } catch {
    return undefined;
  }
}

/** The file's path relative to root when `path` names a regular file inside it, else undefined. */
async function fileIn(root: string, path: string): Promise<string | undefined> {
  const rel = normalize(path).replace(/^[/\\]+/, '');
  const full = join(root, rel);
  if (rel === '' || (full !== root && !full.startsWith(root + sep))) return undefined;
  try {
    return (await stat(full)).isFile() ? rel : undefined;
  } catch {
    return undefined;
  }
}

function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}
