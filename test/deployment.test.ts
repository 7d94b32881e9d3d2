import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface ComposeService {
  image?: string;
  build?: { target?: string };
  healthcheck?: { test?: unknown };
  volumes?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const readme = readFileSync('README.md', 'utf8');

describe('docker-compose.yml', () => {
  const expected = {
    postgres: 'postgres:15',
    redis: 'redis:7',
    elasticsearch: /^elasticsearch:8/,
    influxdb: 'influxdb:2',
  } as const;

  it('runs the four data services on the versions the design names, each with a healthcheck and a volume', () => {
    for (const [name, image] of Object.entries(expected)) {
      const service = compose.services[name];
      expect(service, name).toBeDefined();
      expect(service!.image).toMatch(image);
      expect(service!.healthcheck?.test, `${name} healthcheck`).toBeDefined();
      const volume = service!.volumes?.[0]?.split(':')[0];
      expect(volume && compose.volumes[volume] !== undefined, `${name} named volume`).toBe(true);
    }
  });

  it('builds the API and the web app, which wait for healthy dependencies', () => {
    expect(compose.services.api?.build?.target).toBe('api');
    expect(compose.services.web?.build?.target).toBe('web');
    expect(Object.keys(compose.services.api?.depends_on ?? {}).sort()).toEqual(Object.keys(expected).sort());
    expect(compose.services.api?.healthcheck?.test).toBeDefined();
    expect(compose.services.web?.healthcheck?.test).toBeDefined();
  });

  it('points the API at every configured service', () => {
    const env = compose.services.api?.environment ?? {};
    for (const key of [
      'DATABASE_URL',
      'REDIS_URL',
      'ELASTICSEARCH_URL',
      'INFLUX_URL',
      'INFLUX_TOKEN',
      'INFLUX_ORG',
      'INFLUX_BUCKET',
    ]) {
      expect(env[key], key).toBeTruthy();
    }
  });

  it('has every service the README names', () => {
    const named = [...readme.matchAll(/compose\s+service\s+`([a-z]+)`/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThanOrEqual(6);
    for (const name of named) expect(compose.services[name], name).toBeDefined();
  });
});
