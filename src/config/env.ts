import { z } from 'zod';
import { AppError, ErrorCode } from '../shared/errors.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/** "60/min" → 60 requests per 60 000 ms; units sec, min, hour. */
const rateLimit = z
  .string()
  .regex(/^\d+\/(sec|min|hour)$/, { message: 'must look like 60/min (units: sec, min, hour)' })
  .transform((v) => {
    const [max, unit] = v.split('/') as [string, 'sec' | 'min' | 'hour'];
    return { max: Number(max), windowMs: { sec: 1000, min: 60_000, hour: 3_600_000 }[unit] };
  });

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .refine((v) => v === 'memory://' || /^postgres(ql)?:\/\//.test(v), {
      message: 'must be memory:// or a postgres:// URL',
    })
    .optional(),
  QCD_DATA_DIR: z.string().min(1).default('./data/pglite'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\//.test(v), { message: 'must be a redis:// URL' })
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  QCD_NOW: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'must be an ISO-8601 time' })
    .optional(),
  QCD_DEMO_ON_START: booleanFlag.default(true),
  QCD_ANONYMOUS_READ: booleanFlag.default(true),
  QCD_CORS_ORIGINS: z.string().default('http://localhost:3000,http://localhost:5173'),
  QCD_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  QCD_SIMULATE: booleanFlag.default(false),
  /** Seconds between simulator ticks when QCD_SIMULATE is on. */
  QCD_SIMULATE_INTERVAL_S: z.coerce.number().min(0.05).max(3600).default(5),
  /** Live price stream: heartbeat comment interval, change-log retention, per-client unsent-bytes bound. */
  QCD_STREAM_HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  QCD_STREAM_RETENTION_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 90)
    .default(24),
  QCD_STREAM_MAX_BUFFER_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  QCD_RATE_LIMIT_ANON: rateLimit.default({ max: 60, windowMs: 60_000 }),
  QCD_RATE_LIMIT_KEY: rateLimit.default({ max: 600, windowMs: 60_000 }),
  /** Largest feed body POST /feeds accepts; larger bodies get 413. */
  QCD_FEED_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  /** How long a looked-up API key is trusted before it is checked again (a revocation takes at most this long). */
  QCD_API_KEY_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Namespace of this deployment's cache keys and invalidation channel in a shared Redis. */
  QCD_CACHE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'must be 1–64 letters, digits, _ . : -' })
    .default('qcd'),
  QCD_CACHE_L1_MAX_ENTRIES: z.coerce.number().int().min(1).default(10_000),
  QCD_CACHE_L1_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024 * 1024),
  /** Time to live per kind of cached answer; invalidation on change is exact, the TTL only bounds memory. */
  QCD_CACHE_TTL_QUERY_MS: z.coerce.number().int().min(0).default(300_000),
  QCD_CACHE_TTL_COMPARE_MS: z.coerce.number().int().min(0).default(120_000),
  QCD_CACHE_TTL_DEALS_MS: z.coerce.number().int().min(0).default(30_000),
  QCD_CACHE_TTL_SEARCH_MS: z.coerce.number().int().min(0).default(120_000),
  /**
   * While REDIS_URL is set but Redis is down, other instances' changes cannot reach this one, so local
   * entries live at most this long.
   */
  QCD_CACHE_DEGRADED_TTL_MS: z.coerce.number().int().min(0).default(2_000),
});

export type Env = z.infer<typeof EnvSchema>;

/** Parses the environment once; a bad config lists every offending variable in one error. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new AppError(ErrorCode.ConfigInvalid, `Invalid configuration:\n  ${problems.join('\n  ')}`, {
    details: { problems },
    hint: 'Fix the variables listed above (see README "Configuration") and start again.',
  });
}
