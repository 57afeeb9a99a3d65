// The server's logger: pino, to stderr, as JSON lines (one object a line, for log collectors) or,
// with `logFormat: 'pretty'`, as pino-pretty's readable lines for a person at a terminal.

import pino from 'pino';
import type { Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import type { ServerConfig } from './config.js';

export interface LoggerOptions {
  readonly level: ServerConfig['logLevel'];
  readonly format: ServerConfig['logFormat'];
  /** Where lines go (default stderr, file descriptor 2). */
  readonly destination?: number;
  /** Colours in the pretty form (default: when the destination is a terminal that supports them). */
  readonly colorize?: boolean;
}

export function createLogger(options: LoggerOptions): Logger {
  const fd = options.destination ?? 2;
  if (options.format === 'json') return pino({ level: options.level }, pino.destination(fd));
  // Synchronous and in this thread (no transport worker): a line is out before the process exits.
  const stream = pinoPretty({
    destination: fd,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    ...(options.colorize !== undefined && { colorize: options.colorize }),
  });
  return pino({ level: options.level }, stream);
}
