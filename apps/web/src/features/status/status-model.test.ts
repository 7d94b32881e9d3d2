import { describe, expect, it } from 'vitest';
import { dependencyRows, overallHealth, type ServerStatus } from './status-model.ts';

function status(overrides: Partial<ServerStatus['dependencies']> = {}, ready = true): ServerStatus {
  return {
    ready,
    checkedAt: '2026-11-25T12:00:00.000Z',
    dependencies: {
      postgres: 'up',
      redis: 'not_configured',
      search: 'postgres',
      priceHistory: 'postgres',
      ...overrides,
    },
  };
}

describe('overallHealth', () => {
  it('follows the ready flag, and a failed request wins', () => {
    expect(overallHealth(undefined, false)).toBe('checking');
    expect(overallHealth(status(), false)).toBe('operational');
    expect(overallHealth(status({ postgres: 'down' }, false), false)).toBe('degraded');
    expect(overallHealth(status(), true)).toBe('unreachable');
  });
});

describe('dependencyRows', () => {
  it('lists the four services with their state', () => {
    const rows = dependencyRows(status({ redis: 'up' }));
    expect(rows.map((row) => [row.name, row.state.label])).toEqual([
      ['PostgreSQL', 'Up'],
      ['Redis', 'Up'],
      ['Search', 'Up'],
      ['Price history', 'Up'],
    ]);
  });

  it('marks services hosted in PostgreSQL down with it', () => {
    const rows = dependencyRows(status({ postgres: 'down' }, false));
    expect(rows.find((row) => row.key === 'search')?.state).toEqual({ label: 'Down', tone: 'danger' });
    expect(rows.find((row) => row.key === 'priceHistory')?.state.label).toBe('Down');
  });

  it('names external backends', () => {
    const rows = dependencyRows(status({ search: 'elasticsearch', priceHistory: 'influxdb' }));
    expect(rows.find((row) => row.key === 'search')).toMatchObject({
      backend: 'Elasticsearch',
      state: { label: 'In use' },
    });
    expect(rows.find((row) => row.key === 'priceHistory')?.backend).toBe('InfluxDB');
    expect(rows.find((row) => row.key === 'redis')?.state.label).toBe('Not configured');
  });
});
