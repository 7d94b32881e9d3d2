import { migrate, openDatabaseServer } from '@plastic-crack/db';
import { seedDemo } from '@plastic-crack/db/seed';
import { startDeletionPurge } from './account/service.ts';
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
// First start on an empty database: demo data, so a newcomer lands in a living product.
if (env.SEED_ON_FIRST_START && (await services.db.user.count()) === 0) {
  logger.info('empty database: seeding demo data (sign in as demo / plastic-crack-demo)');
  await seedDemo(database.url);
}
const api = createApiServer(services);
await api.ready;
const stopMaintenance = startMaintenance(services);
// Accounts whose deletion grace period has passed are purged hourly.
const stopDeletionPurge = startDeletionPurge(services);
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
  stopDeletionPurge();
  await api.close();
  await closeServices(services);
  await database.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
