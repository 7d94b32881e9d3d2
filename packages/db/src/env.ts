import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const schema = z.object({
  DATABASE_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default(path.join(repoRoot, '.data')),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
});

/** Settings of the database tooling (migrate, seed, reset, tests); the API has its own env module. */
export const dbEnv = schema.parse(process.env);
