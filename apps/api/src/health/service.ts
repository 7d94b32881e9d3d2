import type { Services } from '../context.ts';

export type DependencyState = 'up' | 'down' | 'not_configured';

export interface Readiness {
  ready: boolean;
  checkedAt: string;
  dependencies: {
    postgres: DependencyState;
    redis: DependencyState;
    search: 'postgres' | 'elasticsearch';
    priceHistory: 'postgres' | 'influxdb';
  };
}

// Generous enough for a cold connection pool on a loaded machine; a real outage still answers in seconds.
const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS).unref(),
    ),
  ]);
}

async function probe(check: () => Promise<unknown>): Promise<DependencyState> {
  try {
    await withTimeout(check());
    return 'up';
  } catch {
    return 'down';
  }
}

/** Ready when PostgreSQL answers and, if Redis is configured, Redis answers too. */
export async function checkReadiness(services: Pick<Services, 'db' | 'redis' | 'env'>): Promise<Readiness> {
  const [postgres, redis] = await Promise.all([
    probe(() => services.db.$queryRaw`SELECT 1`),
    services.redis ? probe(() => services.redis!.ping()) : Promise.resolve<DependencyState>('not_configured'),
  ]);
  return {
    ready: postgres === 'up' && redis !== 'down',
    checkedAt: new Date().toISOString(),
    dependencies: {
      postgres,
      redis,
      search: services.env.ELASTICSEARCH_URL ? 'elasticsearch' : 'postgres',
      priceHistory: services.env.INFLUX_URL ? 'influxdb' : 'postgres',
    },
  };
}
