import type { RouterOutputs } from '@plastic-crack/api-contract';
import type { IconName } from '../../components/ui/Icon.tsx';
import type { Tone } from '../../components/ui/Badge.tsx';

export type ServerStatus = RouterOutputs['health']['status'];

/** What the footer dot and the status summary show. */
export type Health = 'checking' | 'operational' | 'degraded' | 'unreachable';

export function overallHealth(status: ServerStatus | undefined, failed: boolean): Health {
  if (failed) return 'unreachable';
  if (!status) return 'checking';
  return status.ready ? 'operational' : 'degraded';
}

export const HEALTH_TEXT: Record<Health, { short: string; headline: string; detail: string; tone: Tone }> = {
  checking: {
    short: 'Checking…',
    headline: 'Checking the servers…',
    detail: 'Asking the API how its services are doing.',
    tone: 'neutral',
  },
  operational: {
    short: 'All systems go',
    headline: 'All systems operational',
    detail: 'Everything Plastic Crack needs is up and answering.',
    tone: 'success',
  },
  degraded: {
    short: 'Degraded',
    headline: 'Running with reduced service',
    detail: 'A service the API depends on is not answering. Some pages may fail until it is back.',
    tone: 'warning',
  },
  unreachable: {
    short: 'Offline',
    headline: "Can't reach the server",
    detail: 'The API did not answer. It may be restarting, or your connection may be down.',
    tone: 'danger',
  },
};

export interface DependencyRow {
  key: keyof ServerStatus['dependencies'];
  name: string;
  icon: IconName;
  /** What it does for the hobbyist, not for the engineer. */
  purpose: string;
  state: { label: string; tone: Tone };
  backend: string;
}

const STATE_LABEL = {
  up: { label: 'Up', tone: 'success' },
  down: { label: 'Down', tone: 'danger' },
  not_configured: { label: 'Not configured', tone: 'neutral' },
} as const satisfies Record<ServerStatus['dependencies']['postgres'], DependencyRow['state']>;

/** A service that runs inside PostgreSQL is exactly as healthy as PostgreSQL. */
function hostedState(backend: 'postgres' | string, postgres: DependencyRow['state']): DependencyRow['state'] {
  return backend === 'postgres' ? postgres : { label: 'In use', tone: 'info' };
}

export function dependencyRows(status: ServerStatus): DependencyRow[] {
  const { postgres, redis, search, priceHistory } = status.dependencies;
  const postgresState = STATE_LABEL[postgres];
  return [
    {
      key: 'postgres',
      name: 'PostgreSQL',
      icon: 'database',
      purpose: 'Stores accounts, collections, armies and wishlists.',
      state: postgresState,
      backend: 'Primary database',
    },
    {
      key: 'redis',
      name: 'Redis',
      icon: 'bolt',
      purpose: 'Fans out live updates such as chat messages and notifications.',
      state: STATE_LABEL[redis],
      backend: redis === 'not_configured' ? 'In-process event bus' : 'Shared event bus',
    },
    {
      key: 'search',
      name: 'Search',
      icon: 'search',
      purpose: 'Finds kits, armies and other hobbyists.',
      state: hostedState(search, postgresState),
      backend: search === 'elasticsearch' ? 'Elasticsearch' : 'PostgreSQL full-text search',
    },
    {
      key: 'priceHistory',
      name: 'Price history',
      icon: 'chart',
      purpose: 'Keeps retailer prices over time for charts and price-drop alerts.',
      state: hostedState(priceHistory, postgresState),
      backend: priceHistory === 'influxdb' ? 'InfluxDB' : 'PostgreSQL tables',
    },
  ];
}
