import { ensurePartitions } from '@plastic-crack/db';
import type { Services } from '../context.ts';

const HOUR_MS = 60 * 60 * 1000;

export interface MaintenanceJob {
  name: string;
  everyMs: number;
  run(services: Services): Promise<unknown>;
}

/** Housekeeping every API node runs; each job is idempotent, so several nodes running it is harmless. */
export const maintenanceJobs: MaintenanceJob[] = [
  // Partitions for the coming months exist long before the first insert needs them.
  { name: 'ensure-partitions', everyMs: 24 * HOUR_MS, run: (services) => ensurePartitions(services.db) },
  {
    name: 'refresh-faction-stats',
    everyMs: 6 * HOUR_MS,
    run: (services) => services.db.$executeRawUnsafe('REFRESH MATERIALIZED VIEW CONCURRENTLY faction_stats'),
  },
  {
    name: 'delete-expired-sessions',
    everyMs: 6 * HOUR_MS,
    run: (services) => services.db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
  },
];

/** Runs every job once now, then on its interval; returns a stop function. */
export function startMaintenance(services: Services, jobs: MaintenanceJob[] = maintenanceJobs): () => void {
  const run = (job: MaintenanceJob) =>
    job
      .run(services)
      .catch((error: unknown) =>
        services.logger.error({ err: error, job: job.name }, 'maintenance job failed'),
      );
  const timers = jobs.map((job) => {
    void run(job);
    const timer = setInterval(() => void run(job), job.everyMs);
    timer.unref();
    return timer;
  });
  return () => timers.forEach(clearInterval);
}
