/**
 * The service's logger: pino, JSON lines on stdout (time, level, msg, fields). Callers pass
 * chosen fields, never whole requests or records; the redact list below is the second line of
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

const SECRET_KEYS = [
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
];
const REDACT = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`)];

/** `destination` defaults to stdout, written synchronously so nothing is lost when the process exits. */
export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  const log = pino(
    {
      level,
      base: undefined,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return {
    debug: (msg, data) => log.debug(data ?? {}, msg),
    info: (msg, data) => log.info(data ?? {}, msg),
    warn: (msg, data) => log.warn(data ?? {}, msg),
    error: (msg, data) => log.error(data ?? {}, msg),
  };
}

/** Writes nothing (tests, scripts that print their own output). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
