import { verify } from '@node-rs/argon2';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  PAINTING_STATUSES,
  parseSeedArgs,
  scaleId,
  seedDemo,
  seedScale,
  uuidv5,
} from '../src/seed/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

/** Every table the demo seed writes. */
const DEMO_TABLES = [
  'game_systems',
  'factions',
  'models_catalog',
  'retailers',
  'current_prices',
  'price_history',
  'achievements',
  'users',
  'user_models',
  'painting_status_history',
  'painting_sessions',
  'armies',
  'army_models',
  'wishlists',
  'wishlist_items',
  'friend_requests',
  'user_relationships',
  'model_likes',
  'comments',
  'conversations',
  'conversation_participants',
  'messages',
  'message_reactions',
  'activities',
  'notifications',
  'user_achievements',
];

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return withClient(url, async (client) => (await client.query<T>(sql, params)).rows);
}

/** Row count and a digest of every row's full text, per table. */
function snapshot(url: string): Promise<Record<string, { rows: number; digest: string }>> {
  return withClient(url, async (client) => {
    const out: Record<string, { rows: number; digest: string }> = {};
    for (const table of DEMO_TABLES) {
      const { rows } = await client.query<{ rows: number; digest: string }>(
        `SELECT count(*)::int AS rows, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest FROM ${table} t`,
      );
      out[table] = rows[0]!;
    }
    return out;
  });
}

async function ids(url: string, table: string): Promise<string[]> {
  const rows = await query<{ id: string }>(url, `SELECT id::text FROM ${table} ORDER BY id`);
  return rows.map((row) => row.id);
}

let database: TestDatabase;
let twin: TestDatabase;
beforeAll(async () => {
  [database, twin] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await Promise.all([database?.drop(), twin?.drop()]);
});

describe('seed ids', () => {
  it('derives RFC 9562 version-5 UUIDs (demo) and version-3-format UUIDs (scale) from keys', () => {
    // Known vector: uuidv5('www.example.com', DNS namespace).
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(scaleId('pc-scale:user:', 0)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('db:seed arguments', () => {
  it('accepts no arguments or --scale with a whole number from 1 to 5,000,000', () => {
    expect(parseSeedArgs([])).toEqual({ scale: null });
    expect(parseSeedArgs(['--scale', '1000000'])).toEqual({ scale: 1_000_000 });
    expect(parseSeedArgs(['--', '--scale=5000'])).toEqual({ scale: 5000 });
    expect(parseSeedArgs(['--scale', '1_000_000'])).toEqual({ scale: 1_000_000 });
  });

  it('rejects anything else with a clear message', () => {
    expect(() => parseSeedArgs(['--scale'])).toThrow(/whole number/);
    expect(() => parseSeedArgs(['--scale', '12x'])).toThrow(/whole number/);
    expect(() => parseSeedArgs(['--scale', '1.5'])).toThrow(/whole number/);
    expect(() => parseSeedArgs(['--scale', '-3'])).toThrow(/whole number/);
    expect(() => parseSeedArgs(['--scale', '0'])).toThrow(/between 1 and 5,000,000/);
    expect(() => parseSeedArgs(['--scale', '5000001'])).toThrow(/between 1 and 5,000,000/);
    expect(() => parseSeedArgs(['--sacle', '10'])).toThrow(/Unknown argument/);
  });
});

describe('demo seed', () => {
  it(
    'creates the catalogue, 20 users and collections in every painting stage, quickly',
    { timeout: 60_000 },
    async () => {
      const started = performance.now();
      const result = await seedDemo(database.url);
      // A few seconds; the bound is loose so that a busy CI machine does not make it flaky.
      expect(performance.now() - started).toBeLessThan(20_000);
      expect(result.inserted.users).toBe(20);

      const [counts] = await query<Record<string, number>>(
        database.url,
        `SELECT (SELECT count(*)::int FROM game_systems) AS game_systems,
              (SELECT count(*)::int FROM factions) AS factions,
              (SELECT count(*)::int FROM models_catalog) AS catalogue,
              (SELECT count(*)::int FROM users) AS users,
              (SELECT count(*)::int FROM user_models WHERE model_id IS NULL) AS custom_items,
              (SELECT count(*)::int FROM retailers) AS retailers,
              (SELECT count(*)::int FROM current_prices) AS prices,
              (SELECT count(*)::int FROM price_history) AS price_history,
              (SELECT count(*)::int FROM painting_sessions) AS sessions,
              (SELECT count(*)::int FROM army_models) AS army_models,
              (SELECT count(*)::int FROM wishlist_items) AS wishlist_items,
              (SELECT count(*)::int FROM user_relationships WHERE relationship_type = 'friend') AS friend_rows,
              (SELECT count(*)::int FROM user_relationships WHERE relationship_type = 'follow') AS follows,
              (SELECT count(*)::int FROM messages) AS messages,
              (SELECT count(*)::int FROM activities) AS activities,
              (SELECT count(*)::int FROM notifications) AS notifications,
              (SELECT count(*)::int FROM user_achievements) AS user_achievements`,
      );
      expect(counts!.game_systems).toBeGreaterThanOrEqual(3);
      expect(counts!.factions).toBeGreaterThanOrEqual(20);
      expect(counts!.catalogue).toBeGreaterThanOrEqual(500);
      expect(counts!.users).toBe(20);
      for (const table of [
        'custom_items',
        'retailers',
        'prices',
        'price_history',
        'sessions',
        'army_models',
        'wishlist_items',
        'follows',
        'messages',
        'activities',
        'notifications',
        'user_achievements',
      ]) {
        expect(counts![table], table).toBeGreaterThan(0);
      }
      expect(counts!.friend_rows! % 2).toBe(0); // a friendship is a row in each direction

      // Every user's collection covers all eight painting stages.
      const stages = await query<{ username: string; stages: string[] }>(
        database.url,
        `SELECT u.username, array_agg(DISTINCT um.painting_status::text) AS stages
         FROM users u JOIN user_models um ON um.user_id = u.id AND NOT um.is_wishlist GROUP BY u.username`,
      );
      expect(stages).toHaveLength(20);
      for (const row of stages) expect(new Set(row.stages), row.username).toEqual(new Set(PAINTING_STATUSES));

      // The catalogue has the fields a catalogue page shows.
      const [catalogue] = await query<Record<string, number>>(
        database.url,
        `SELECT count(*) FILTER (WHERE points_value IS NULL)::int AS no_points,
              count(*) FILTER (WHERE barcode ~ '^[0-9]{13}$')::int AS barcodes,
              count(DISTINCT currency)::int AS currencies,
              count(*) FILTER (WHERE lore_description IS NULL OR rules_text IS NULL OR cardinality(tags) = 0 OR model_type IS NULL)::int AS incomplete
         FROM models_catalog`,
      );
      expect(catalogue!.barcodes).toBe(counts!.catalogue);
      expect(catalogue!.currencies).toBe(2); // USD and GBP
      expect(catalogue!.incomplete).toBe(0);

      // Painting history starts with the item being added and follows the workflow order.
      const [history] = await query<{ items_without: number; backwards: number }>(
        database.url,
        `SELECT (SELECT count(*)::int FROM user_models um
                WHERE NOT EXISTS (SELECT 1 FROM painting_status_history h WHERE h.user_model_id = um.id AND h.from_status IS NULL)) AS items_without,
              (SELECT count(*)::int FROM painting_status_history WHERE from_status > to_status) AS backwards`,
      );
      expect(history).toEqual({ items_without: 0, backwards: 0 });
    },
  );

  it('keeps like_count and comment_count equal to the rows they count', async () => {
    const [row] = await query<{ wrong: number; liked: number; commented: number }>(
      database.url,
      `SELECT count(*) FILTER (WHERE um.like_count <> (SELECT count(*) FROM model_likes l WHERE l.user_model_id = um.id)
                             OR um.comment_count <> (SELECT count(*) FROM comments c WHERE c.user_model_id = um.id))::int AS wrong,
              count(*) FILTER (WHERE um.like_count > 0)::int AS liked,
              count(*) FILTER (WHERE um.comment_count > 0)::int AS commented
         FROM user_models um`,
    );
    expect(row!.wrong).toBe(0);
    expect(row!.liked).toBeGreaterThan(50);
    expect(row!.commented).toBeGreaterThan(50);
  });

  it('creates the documented demo account with an argon2id hash of the demo password', async () => {
    const [demo] = await query<{
      email: string;
      password_hash: string;
      is_admin: boolean;
      email_verified: boolean;
    }>(
      database.url,
      `SELECT email, password_hash, is_admin, email_verified FROM users WHERE username = 'demo'`,
    );
    expect(demo).toMatchObject({ email: 'demo@plasticcrack.local', is_admin: true, email_verified: true });
    expect(demo!.password_hash).toMatch(/^\$argon2id\$/);
    expect(DEMO_PASSWORD).toBe('plastic-crack-demo');
    expect(await verify(demo!.password_hash, 'plastic-crack-demo')).toBe(true);
    expect(await verify(demo!.password_hash, 'wrong-password')).toBe(false);
  });

  it(
    'is idempotent: a second run inserts nothing and leaves every row as it was',
    { timeout: 60_000 },
    async () => {
      const before = await snapshot(database.url);
      const userModelIds = await ids(database.url, 'user_models');
      const result = await seedDemo(database.url);
      expect(Object.values(result.inserted).every((n) => n === 0)).toBe(true);
      expect(await snapshot(database.url)).toEqual(before);
      expect(await ids(database.url, 'user_models')).toEqual(userModelIds);
    },
  );

  it(
    'is deterministic: another database seeded with the same seed has identical rows and ids',
    { timeout: 60_000 },
    async () => {
      await seedDemo(twin.url);
      expect(await snapshot(twin.url)).toEqual(await snapshot(database.url));
      expect(await ids(twin.url, 'users')).toEqual(await ids(database.url, 'users'));
      expect(await ids(twin.url, 'models_catalog')).toEqual(await ids(database.url, 'models_catalog'));
    },
  );
});

describe('scale seed', () => {
  it(
    'loads the requested volume, with scale_fan following the configured number of users',
    { timeout: 120_000 },
    async () => {
      const started = performance.now();
      const result = await seedScale(twin.url, { userModels: 5000, users: 300, fanFollows: 250 });
      expect(performance.now() - started).toBeLessThan(60_000);
      expect(result).toMatchObject({
        skipped: false,
        users: 300,
        userModels: 5000,
        activities: 5000,
        fanFollows: 250,
      });

      const [row] = await query<Record<string, number>>(
        twin.url,
        `WITH s AS (SELECT id FROM users WHERE username LIKE 'scale\\_%')
       SELECT (SELECT count(*)::int FROM s) AS users,
              (SELECT count(*)::int FROM user_models WHERE user_id IN (SELECT id FROM s)) AS user_models,
              (SELECT count(DISTINCT user_id)::int FROM user_models WHERE user_id IN (SELECT id FROM s)) AS owners,
              (SELECT count(DISTINCT painting_status)::int FROM user_models WHERE user_id IN (SELECT id FROM s)) AS stages,
              (SELECT count(*)::int FROM painting_status_history h JOIN user_models m ON m.id = h.user_model_id WHERE m.user_id IN (SELECT id FROM s)) AS history,
              (SELECT count(*)::int FROM activities WHERE user_id IN (SELECT id FROM s)) AS activities,
              (SELECT count(*)::int FROM activities_default) AS in_default_partition,
              (SELECT min(n)::int FROM (SELECT count(*) AS n FROM user_relationships WHERE follower_id IN (SELECT id FROM s) GROUP BY follower_id) f) AS min_follows,
              (SELECT count(*)::int FROM user_relationships r JOIN users u ON u.id = r.follower_id WHERE u.username = 'scale_fan') AS fan_follows,
              (SELECT count(*)::int FROM user_relationships r JOIN users u ON u.id = r.following_id WHERE u.username = 'scale_fan') AS fan_followed_self`,
      );
      expect(row).toMatchObject({
        users: 300,
        user_models: 5000,
        owners: 300,
        stages: 8,
        history: 5000,
        activities: 5000,
        in_default_partition: 0,
        fan_follows: 250,
      });
      expect(row!.min_follows).toBeGreaterThanOrEqual(50);

      // scale users can sign in with the demo password
      const [fan] = await query<{ password_hash: string }>(
        twin.url,
        `SELECT password_hash FROM users WHERE username = 'scale_fan'`,
      );
      expect(await verify(fan!.password_hash, DEMO_PASSWORD)).toBe(true);
      // ... and the tables keep every index they had
      const [indexes] = await query<{ n: number }>(
        twin.url,
        `SELECT count(*)::int AS n FROM pg_indexes WHERE tablename IN ('user_models', 'activities', 'user_relationships', 'painting_status_history')`,
      );
      const [reference] = await query<{ n: number }>(
        database.url,
        `SELECT count(*)::int AS n FROM pg_indexes WHERE tablename IN ('user_models', 'activities', 'user_relationships', 'painting_status_history')`,
      );
      expect(indexes!.n).toBe(reference!.n);
    },
  );

  it(
    'is re-runnable: the same configuration is skipped, another one replaces the previous scale data',
    { timeout: 120_000 },
    async () => {
      const again = await seedScale(twin.url, { userModels: 5000, users: 300, fanFollows: 250 });
      expect(again.skipped).toBe(true);

      const other = await seedScale(twin.url, { userModels: 2000, users: 100, fanFollows: 60 });
      expect(other).toMatchObject({
        skipped: false,
        users: 100,
        userModels: 2000,
        activities: 2000,
        fanFollows: 60,
      });
      const [left] = await query<{ users: number; demo_users: number }>(
        twin.url,
        `SELECT count(*) FILTER (WHERE username LIKE 'scale\\_%')::int AS users, count(*) FILTER (WHERE username NOT LIKE 'scale\\_%')::int AS demo_users FROM users`,
      );
      expect(left).toEqual({ users: 100, demo_users: 20 });
    },
  );
});
