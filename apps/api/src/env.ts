import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const optionalUrl = z.preprocess((value) => (value === '' ? undefined : value), z.url().optional());
const optionalText = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().min(1).optional(),
);
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');
const origins = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.url()).max(20));

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Where the browser loads the web app from; links in e-mails point here. */
    PUBLIC_ORIGIN: z.url().default('http://localhost:5173'),
    /** Extra origins allowed to call mutations and open WebSockets (comma-separated). */
    ALLOWED_ORIGINS: origins.default([]),
    /** Behind a reverse proxy, the client address comes from X-Forwarded-For. */
    TRUST_PROXY: flag.default(false),
    /** Built SPA served by the API in production (`pnpm build`). */
    WEB_DIST_DIR: z.string().min(1).default(path.join(repoRoot, 'apps/web/dist')),

    DATABASE_URL: optionalUrl,
    DATA_DIR: z.string().min(1).default(path.join(repoRoot, '.data')),
    EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
    SEED_ON_FIRST_START: flag.default(true),
    REDIS_URL: optionalUrl,
    ELASTICSEARCH_URL: optionalUrl,
    INFLUX_URL: optionalUrl,
    INFLUX_TOKEN: optionalText,
    INFLUX_ORG: optionalText,
    INFLUX_BUCKET: optionalText,

    /** 32-byte key (base64) that encrypts OAuth provider tokens at rest. */
    ENCRYPTION_KEY: optionalText,
    SMTP_URL: optionalUrl,
    MAIL_FROM: z.string().min(3).default('Plastic Crack <no-reply@plasticcrack.local>'),
    GOOGLE_CLIENT_ID: optionalText,
    GOOGLE_CLIENT_SECRET: optionalText,
    FACEBOOK_CLIENT_ID: optionalText,
    FACEBOOK_CLIENT_SECRET: optionalText,
    APPLE_CLIENT_ID: optionalText,
    APPLE_TEAM_ID: optionalText,
    APPLE_KEY_ID: optionalText,
    APPLE_PRIVATE_KEY: optionalText,

    UPLOAD_DIR: z.string().min(1).optional(),
    S3_ENDPOINT: optionalUrl,
    S3_BUCKET: optionalText,
    S3_REGION: optionalText,
    S3_ACCESS_KEY_ID: optionalText,
    S3_SECRET_ACCESS_KEY: optionalText,
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.ENCRYPTION_KEY) {
      ctx.addIssue({ code: 'custom', path: ['ENCRYPTION_KEY'], message: 'is required in production' });
    }
    const influx = [env.INFLUX_URL, env.INFLUX_TOKEN, env.INFLUX_ORG, env.INFLUX_BUCKET];
    if (influx.some(Boolean) && !influx.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['INFLUX_URL'],
        message: 'set INFLUX_URL, INFLUX_TOKEN, INFLUX_ORG and INFLUX_BUCKET together',
      });
    }
  });

export type Env = z.infer<typeof schema>;

/** Parses an environment; the API reads settings only through the object this returns. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${problems.join('\n')}`);
  }
  return result.data;
}

export const loadEnv = (): Env => parseEnv(process.env);
