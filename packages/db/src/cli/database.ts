import { openDatabaseServer, type DatabaseServer } from '../database.ts';
import { dbEnv } from '../env.ts';

/** The database the CLI commands work on: DATABASE_URL, or the same embedded one `pnpm dev` uses. */
export function openCliDatabase(): Promise<DatabaseServer> {
  return openDatabaseServer({
    databaseUrl: dbEnv.DATABASE_URL,
    dataDir: dbEnv.DATA_DIR,
    port: dbEnv.EMBEDDED_POSTGRES_PORT,
  });
}
