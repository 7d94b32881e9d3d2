import path from 'node:path';
import { startEmbeddedPostgres } from './embedded.ts';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** The configured PostgreSQL when a URL is given, otherwise an embedded one under `dataDir`. */
export async function openDatabaseServer(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
  port: number;
}): Promise<DatabaseServer> {
  if (options.databaseUrl) return { url: options.databaseUrl, embedded: false, stop: async () => {} };
  const server = await startEmbeddedPostgres(path.join(options.dataDir, 'postgres'), options.port);
  return { url: server.url, embedded: true, stop: server.stop };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
