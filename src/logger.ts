/**
 * The service's logger: pino, JSON lines on stdout (time, level, msg, fields). Callers pass
 * chosen fields, never whole requests or records; the secret names below are the second line of
 * defence for names that must never reach a log (tokens, passwords, cookies, phone numbers, the
 * text of problems).
 */
import pino, { type DestinationStream } from 'pino';

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Fields with these names are censored at the top level and one level down (`token`, `user.password`). */
const SECRET_KEYS = new Set([
  'token',
  'password',
  'authorization',
  'cookie',
  'phone',
  'contactPhone',
  'description',
  'title',
  'body',
  'headers',
]);
const CENSOR = '[redacted]';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `data` with every field named like a secret censored, copied only where something was (the
 * caller's object is never changed). Done here rather than by pino's `redact` option, which
 * re-parses each of its wildcard paths for every field of every line (1–3 % of the server's CPU
 * under `npm run bench:api`).
 */
function redact(data: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in data) {
    const value = data[key];
    let censored = value;
    if (SECRET_KEYS.has(key)) censored = CENSOR;
    else if (isRecord(value)) {
      for (const inner in value)
        if (SECRET_KEYS.has(inner)) {
          censored = { ...value };
          for (const k in value) if (SECRET_KEYS.has(k)) (censored as Record<string, unknown>)[k] = CENSOR;
          break;
        }
    }
    if (censored !== value) (out ??= { ...data })[key] = censored;
  }
  return out ?? data;
}

/** Unwritten log bytes held at most while stdout's reader is slow (16 MB); past that, lines are dropped. */
const MAX_BUFFERED = 16 * 1024 * 1024;

/**
 * `destination` defaults to stdout, written asynchronously in writes of at least 4 KB, and at least once
 * a second: a synchronous write for each access-log line took 5–7 % of the server's CPU under `npm run bench:api`. A stalled
 * log reader never stalls requests (lines are dropped past `MAX_BUFFERED`). pino writes what is still
 * buffered, synchronously, when the process exits — on a signal, `process.exit` or a crash.
 */
export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  const log = pino(
    {
      level,
      base: undefined,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ??
      pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000, maxLength: MAX_BUFFERED }),
  );
  return {
    debug: (msg, data) => log.debug(data ? redact(data) : {}, msg),
    info: (msg, data) => log.info(data ? redact(data) : {}, msg),
    warn: (msg, data) => log.warn(data ? redact(data) : {}, msg),
    error: (msg, data) => log.error(data ? redact(data) : {}, msg),
  };
}

/** Writes nothing (tests, scripts that print their own output). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
