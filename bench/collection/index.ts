/**
 * bench/collection — one signed-in collector lists 50 items of a 10,000-item collection with two
 * filters (faction and painting stages) through the real tRPC HTTP endpoint, against a baseline: the
 * same page query with `pg` behind bare `node:http`, measured in the same run on the same database.
 * Target (issue 5): p99 < 20 ms at 300 requests/s, and ≥ 60 % of the baseline's peak throughput.
 */
import pg from 'pg';
import { pageQuery, whereConditions, sortDirection } from '../../apps/api/src/collection/list-query.ts';
import { freshBenchDatabase } from '../lib/database.ts';
import { createHttpClient } from '../lib/http-client.ts';
import { fixedRate, maxThroughput, warmUp } from '../lib/load.ts';
import { startApiNode, startProcess, repoRoot } from '../lib/processes.ts';
import { report } from '../lib/report.ts';
import { round } from '../lib/stats.ts';

const ITEMS = 10_000;
const OTHER_COLLECTORS = 20;
const RATE = 300;
const FIXED_MS = Number(process.env.BENCH_FIXED_MS ?? 15_000);
const SATURATE_MS = Number(process.env.BENCH_SATURATE_MS ?? 10_000);
const CONCURRENCY = 16;

const { server, url } = await freshBenchDatabase('pc_bench_collection');
const api = await startApiNode(url);
const client = createHttpClient();
let baseline: Awaited<ReturnType<typeof startProcess>> | null = null;

try {
  const signUp = await fetch(`${api.url}/trpc/auth.signUp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: 'bench@example.com',
      username: 'bench_collector',
      password: 'benchmark password',
    }),
  });
  if (!signUp.ok) throw new Error(`sign-up failed: ${await signUp.text()}`);
  const cookie = signUp.headers
    .getSetCookie()
    .find((value) => value.startsWith('pc_session='))!
    .split(';')[0]!;
  const userId = ((await signUp.json()) as { result: { data: { account: { id: string } } } }).result.data
    .account.id;

  const factionId = await loadCollections(url, userId);
  const stages = ['primed', 'basecoated', 'shaded'] as const;
  const input = { filters: { factionIds: [factionId], stages: [...stages] }, limit: 50 };

  // The baseline runs exactly the SQL the API's list builds for this input.
  const sort = { by: 'added' as const };
  const where = whereConditions(
    { ownerId: userId, isOwner: true },
    { factionIds: [factionId], stages: [...stages] },
    new Map(),
  );
  const sql = pageQuery(where, sort.by, sortDirection(sort), null, input.limit + 1);
  baseline = await startProcess(
    `${repoRoot}bench/collection/baseline-server.ts`,
    { DATABASE_URL: url, BASELINE_QUERY: JSON.stringify({ text: sql.text, values: sql.values }) },
    '/ready',
  );

  const apiUrl = `${api.url}/trpc/collection.list?input=${encodeURIComponent(JSON.stringify(input))}`;
  const callApi = async () => {
    const body = await client.get(apiUrl, { cookie });
    if (!body.includes('"items"')) throw new Error('unexpected body');
  };
  const baselineUrl = `${baseline.url}/list`;
  const callBaseline = async () => void (await client.get(baselineUrl));

  const apiPage = JSON.parse(await client.get(apiUrl, { cookie })) as {
    result: { data: { items: unknown[] } };
  };
  const baselinePage = JSON.parse(await client.get(baselineUrl)) as { items: unknown[] };
  if (apiPage.result.data.items.length !== 50 || baselinePage.items.length !== 51) {
    throw new Error(
      `expected full pages, got ${apiPage.result.data.items.length} / ${baselinePage.items.length}`,
    );
  }

  await warmUp(callApi);
  await warmUp(callBaseline);
  const baselineFixed = await fixedRate({ rate: RATE, durationMs: FIXED_MS, request: callBaseline });
  const apiFixed = await fixedRate({ rate: RATE, durationMs: FIXED_MS, request: callApi });
  const baselinePeak = await maxThroughput({
    concurrency: CONCURRENCY,
    durationMs: SATURATE_MS,
    request: callBaseline,
  });
  const apiPeak = await maxThroughput({
    concurrency: CONCURRENCY,
    durationMs: SATURATE_MS,
    request: callApi,
  });

  report('collection', {
    setup: {
      items: ITEMS,
      otherCollectors: OTHER_COLLECTORS,
      otherItems: ITEMS * OTHER_COLLECTORS,
      pageSize: 50,
      filters: 'faction + 3 stages',
    },
    atFixedRate: { rate: RATE, seconds: FIXED_MS / 1000, api: apiFixed, baseline: baselineFixed },
    peak: { concurrency: CONCURRENCY, seconds: SATURATE_MS / 1000, api: apiPeak, baseline: baselinePeak },
    ratios: {
      apiP99AtRateMs: apiFixed.latency.p99,
      apiThroughputShareOfBaseline: round(apiPeak.requestsPerSecond / baselinePeak.requestsPerSecond),
    },
    targets: {
      p99Below20ms: apiFixed.latency.p99 < 20,
      atLeast60PercentOfBaseline: apiPeak.requestsPerSecond >= 0.6 * baselinePeak.requestsPerSecond,
    },
  });
} finally {
  client.close();
  await baseline?.stop();
  await api.stop();
  await server.stop();
}

/** The collector's 10k items plus other collectors' items, spread over 10 factions and every stage. */
async function loadCollections(databaseUrl: string, userId: string): Promise<string> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const system = await db.query<{ id: string }>(
      `INSERT INTO game_systems (name, slug, publisher) VALUES ('Bench 40k', 'bench-40k', 'Bench') RETURNING id`,
    );
    const gameSystemId = system.rows[0]!.id;
    const factions = await db.query<{ id: string }>(
      `INSERT INTO factions (game_system_id, name, slug)
       SELECT $1, 'Faction ' || n, 'faction-' || n FROM generate_series(1, 10) n RETURNING id`,
      [gameSystemId],
    );
    const factionIds = factions.rows.map((row) => row.id);
    await db.query(
      `INSERT INTO models_catalog (name, slug, faction_id, game_system_id, points_value, msrp)
       SELECT 'Kit ' || n, 'kit-' || n, ($2::uuid[])[1 + n % 10], $1, 50 + n % 200, 25 + n % 60
       FROM generate_series(1, 400) n`,
      [gameSystemId, factionIds],
    );
    await db.query(
      `INSERT INTO users (email, username) SELECT 'other' || n || '@example.com', 'other_' || n FROM generate_series(1, $1) n`,
      [OTHER_COLLECTORS],
    );
    // Every stage and faction appears evenly; a third are custom items, the rest catalogue kits.
    await db.query(
      `INSERT INTO user_models (user_id, model_id, name, faction_id, game_system_id, points_value, quantity,
                                purchase_price, painting_status, tags, created_at)
       SELECT u.id,
              CASE WHEN n % 3 = 0 THEN NULL ELSE (SELECT id FROM models_catalog WHERE slug = 'kit-' || (1 + n % 400)) END,
              CASE WHEN n % 3 = 0 THEN 'Custom conversion ' || n END,
              ($2::uuid[])[1 + n % 10], $1, 40 + n % 300, 1 + n % 5, (n % 80)::numeric,
              (enum_range(NULL::painting_status))[1 + (n / 10) % 8],
              ARRAY['batch-' || (n % 7)], now() - (n || ' minutes')::interval
       FROM (SELECT id FROM users WHERE id = $3 OR username LIKE 'other\\_%') u, generate_series(1, $4) n`,
      [gameSystemId, factionIds, userId, ITEMS],
    );
    await db.query('ANALYZE');
    return factionIds[0]!;
  } finally {
    await db.end();
  }
}
