import { defineConfig, env } from 'prisma/config';

// Used by `prisma generate` here and by `prisma migrate deploy` wherever Prisma's native engine
// can be downloaded; this repo applies the same migrations directory with src/migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: env('DATABASE_URL') },
});
