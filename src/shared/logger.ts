import pino from 'pino';

export type Logger = pino.Logger;

/**
 * JSON logs; secrets are redacted by path so an API key or auth header never reaches a log line.
 */
export function createLogger(level: string, destination: 'stdout' | 'stderr' = 'stdout'): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'headers.authorization',
          '*.apiKey',
          '*.key',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination(destination === 'stdout' ? 1 : 2),
  );
}
