import { migrate, openDatabaseServer } from '@plastic-crack/db';
import { loadEnv } from './env.ts';
import { createApiServer } from './http/server.ts';
import { startMaintenance } from './jobs/maintenance.ts';
import { createLogger } from './logger.ts';
import { closeServices, createServices } from './services.ts';

const env = loadEnv();
const logger = createLogger(env);

const database = await openDatabaseServer({
  databaseUrl: env.DATABASE_URL,
  dataDir: env.DATA_DIR,
  port: env.EMBEDDED_POSTGRES_PORT,
});
if (database.embedded) logger.info({ dataDir: env.DATA_DIR }, 'started embedded PostgreSQL');

const applied = await migrate(database.url);
if (applied.length > 0) logger.info({ applied }, 'applied migrations');

const services = createServices(env, database.url, { logger });
const api = createApiServer(services);
await api.ready;
const stopMaintenance = startMaintenance(services);
api.server.listen(env.PORT, env.HOST, () => {
  logger.info(
    `Plastic Crack API listening on http://${env.HOST}:${env.PORT} (tRPC at /trpc, WebSocket at /trpc)`,
  );
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  stopMaintenance();
  await api.close();
  await closeServices(services);
  await database.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
