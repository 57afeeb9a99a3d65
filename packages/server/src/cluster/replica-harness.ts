// Real `vigil serve` processes for the cluster's kill tests: replicas on one PostgreSQL schema and a
// NATS stream of their own, started from the CLI on free ports, killed and restarted on the same port;
// plus a TCP proxy to NATS that a test can cut and restore. Test support only.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../cli/bin/vigil.js', import.meta.url));

/** A port nothing listens on now. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface ReplicaOptions {
  readonly store: string;
  readonly adminKey: string;
  /** `vigil serve` flags beyond --port, --store and the admin key. */
  readonly args?: readonly string[];
}

export class Replica {
  child: ChildProcess | undefined;
  log = '';
  readonly url: string;

  private constructor(
    readonly port: number,
    private readonly options: ReplicaOptions,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(options: ReplicaOptions): Promise<Replica> {
    const r = new Replica(await freePort(), options);
    await r.restart();
    return r;
  }

  /** Starts the process (again, on the same port) and answers once it listens. */
  restart(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [BIN, 'serve', '--host', '127.0.0.1', '--port', String(this.port), '--store', this.options.store, '--log-level', 'info', ...(this.options.args ?? [])],
        { env: { ...process.env, VIGIL_ADMIN_KEY: this.options.adminKey, PORT: '', VIGIL_PORT: '' }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      this.child = child;
      let listening = false;
      child.stderr!.on('data', (b: Buffer) => {
        this.log += b.toString();
        if (!listening && this.log.includes(`listening on ${this.url}`)) {
          listening = true;
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        if (!listening) reject(new Error(`vigil serve exited (${code ?? signal}) before listening: ${this.log.slice(-2000)}`));
      });
    });
  }

  /** SIGKILL: no shutdown, no drain, no ack. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; body: unknown }> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.options.adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  async health(): Promise<{ status: string; role?: string; queue?: { connected: boolean; lag: number | null; redeliveries: number } }> {
    return (await (await fetch(`${this.url}/healthz`)).json()) as never;
  }
}

/** Waits until `check` answers true (polling), or fails naming `what`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 200): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A TCP proxy to `target` that a test can cut (listener closed, every connection destroyed) and restore on the same port. */
export class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<CuttableProxy> {
    const p = new CuttableProxy(await freePort(), target);
    await p.restore();
    return p;
  }

  async restore(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.server = server;
    await new Promise<void>((r) => server.listen(this.port, '127.0.0.1', r));
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server !== undefined) await new Promise<void>((r) => server.close(() => r()));
  }
}
