import { type Logger, pino } from 'pino';

export type { Logger };

/** Paths whose values never reach a log line, wherever they appear. */
const REDACT_PATHS = [
  'accessToken',
  'token',
  'password',
  'headers["x-auth-token"]',
  'headers.authorization',
  'headers.cookie',
  'req.headers["x-auth-token"]',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.accessToken',
  '*.token',
  '*.password',
];

/** The process logger: JSON lines on stdout, secrets redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'bc-gateway' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
