import type { TestProject } from 'vitest/node';
import { openDatabaseServer, withDatabase } from '../src/database.ts';
import { dbEnv } from '../src/env.ts';
import { migrate } from '../src/migrate.ts';
import { adminQuery } from '../src/testing.ts';
import path from 'node:path';

/**
 * Migrates one template database per test run; every test file clones it (CREATE DATABASE … TEMPLATE),
 * which takes milliseconds. Uses DATABASE_URL's server when set, else an embedded PostgreSQL.
 */
export default async function setup(project: TestProject) {
  const server = await openDatabaseServer({
    databaseUrl: dbEnv.DATABASE_URL,
    dataDir: path.join(dbEnv.DATA_DIR, 'test'),
    port: dbEnv.EMBEDDED_POSTGRES_PORT + 1,
  });
  const template = `pc_test_${process.pid}`;
  await adminQuery(server.url, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  await adminQuery(server.url, `CREATE DATABASE "${template}"`);
  await migrate(withDatabase(server.url, template));
  project.provide('databaseServerUrl', server.url);
  project.provide('templateDatabase', template);

  return async () => {
    await dropRunDatabases(server.url, template);
    await server.stop();
  };
}

async function dropRunDatabases(serverUrl: string, template: string) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${template}%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
