import path from 'node:path';
import pg from 'pg';
import { migrate, openDatabaseServer, withDatabase, type DatabaseServer } from '@plastic-crack/db';
import { repoRoot } from './processes.ts';

/** A freshly migrated database for one benchmark on DATABASE_URL's server, or an embedded one. */
export async function freshBenchDatabase(name: string): Promise<{ server: DatabaseServer; url: string }> {
  const server = await openDatabaseServer({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(repoRoot, '.data', 'bench'),
    port: Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329) + 2,
  });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = withDatabase(server.url, name);
  await migrate(url);
  return { server, url };
}
