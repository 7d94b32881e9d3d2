/**
 * `pnpm db:seed --scale N`: bulk data for benchmarks.
 *
 * Loads, on top of the demo data set (whose catalogue the items point at):
 *   - users:          N / 100 users (at least 10) named `scale_000001`, … plus `scale_fan` (index 0),
 *                     all with the demo password (see demo.ts), emails `@scale.plasticcrack.local`;
 *   - user_models:    N items, spread evenly over those users (item j belongs to user j mod U), 92 %
 *                     linked to the catalogue, every painting stage, plus their painting_status_history;
 *   - activities:     N activities (by default) spread uniformly over the last 6 months, in monthly
 *                     partitions created first;
 *   - follows:        every user follows 50–1,000 others (heavy-tailed: median ~50, one in ten above
 *                     ~380, mean ~145 with the ten "popular" users everyone follows; ~1.47 M rows for
 *                     10,000 users); `scale_fan` follows exactly `fanFollows` users (1,000 by default) —
 *                     the feed benchmark's reader.
 *
 * All rows are generated inside PostgreSQL (INSERT … SELECT over generate_series; ids are UUIDs of MD5
 * hashes of a key, values come from hashint8extended of the row number, so a run is reproducible apart
 * from timestamps, which are relative to the database's clock). Two connections load in parallel:
 * user_models + history on one, activities + follows on the other. Each big table is loaded in one
 * transaction that drops its secondary indexes, inserts sorted by primary key, and recreates the indexes
 * from their own definitions (pg_get_indexdef) before committing — so a failure leaves the table as it was.
 * As a superuser the load runs with session_replication_role = replica (no triggers, no per-row FK
 * checks, the way pg_restore --disable-triggers loads), writes the painting_status_history rows the
 * trigger would have written, and then verifies referential integrity of everything it loaded with
 * anti-joins; without superuser rights, triggers and FK checks stay on (slower, same result).
 *
 * Re-runnable: `scale_fan`'s bio records the configuration once a load has completed. Running again with
 * the same configuration does nothing; with another one (or after an interrupted run) the previous
 * `scale_` users and everything hanging off them are deleted first (set-based, see removeScaleData; rows
 * the benchmarks created for them go too) and the data is loaded again. The `scale_` username prefix on
 * `@scale.plasticcrack.local` is reserved for this.
 */
import pg from 'pg';
import { seedDemo, DEFAULT_SEED } from './demo.ts';
import { PAINTING_STATUSES } from './demo-data.ts';
import { sqlScaleId } from './ids.ts';
import { hashDemoPassword } from './password.ts';
import { ensureMonthPartitions, PhaseTimer, type Queryable } from './sql.ts';
import { DAY } from './time.ts';

export const SCALE_EMAIL_DOMAIN = 'scale.plasticcrack.local';
export const SCALE_FAN = 'scale_fan';

export interface SeedScaleOptions {
  /** Number of user_models to load (1 … 5,000,000). */
  userModels: number;
  /** Number of scale users including scale_fan; default max(10, round(userModels / 100)). */
  users?: number;
  /** Number of activities; default = userModels. */
  activities?: number;
  /** How many users scale_fan follows; default min(1000, users - 1). */
  fanFollows?: number;
  /** Activities are spread over this many months before now; default 6. */
  months?: number;
  /** Seed of the demo data loaded first (the catalogue). */
  seed?: number;
  log?: (line: string) => void;
}

export interface SeedScaleResult {
  skipped: boolean;
  users: number;
  userModels: number;
  activities: number;
  follows: number;
  fanFollows: number;
  phases: { name: string; ms: number }[];
  totalMs: number;
}

const MASK = '9223372036854775807'; // keeps hashint8extended's result non-negative

/** Painting status of a roll in 0..99 (unpainted 30 %, primed 12 %, …, showcase_ready 8 %). */
const STATUS_TABLE: string[] = (
  [
    ['unpainted', 30],
    ['primed', 12],
    ['basecoated', 10],
    ['shaded', 8],
    ['highlighted', 8],
    ['detailed', 6],
    ['finished', 18],
    ['showcase_ready', 8],
  ] as const
).flatMap(([status, weight]) => Array<string>(weight).fill(status));

const STATUS_RANKS: number[] = STATUS_TABLE.map((status) =>
  PAINTING_STATUSES.indexOf(status as (typeof PAINTING_STATUSES)[number]),
);

const CUSTOM_NAMES = [
  'Kitbashed commander',
  'Converted proxy walker',
  '3D-printed objective markers',
  'Scratch-built bunker',
  'Bits-box retinue',
  'Commissioned centrepiece',
  'Homemade ruins set',
  'Converted mounted hero',
];
const FIRST_NAMES = [
  'Alex',
  'Sam',
  'Jordan',
  'Robin',
  'Charlie',
  'Morgan',
  'Jamie',
  'Casey',
  'Riley',
  'Avery',
  'Quinn',
  'Rowan',
  'Sasha',
  'Kim',
  'Noor',
  'Mika',
];
const LAST_NAMES = [
  'Smith',
  'Garcia',
  'Müller',
  'Rossi',
  'Nowak',
  'Tanaka',
  'Silva',
  'Dubois',
  'Jensen',
  'Kowalski',
  'Okafor',
  'Ivanova',
  'Haddad',
  'Novak',
];

interface Config {
  users: number;
  userModels: number;
  activities: number;
  fanFollows: number;
  months: number;
}

export function scaleConfig(options: SeedScaleOptions): Config {
  const userModels = options.userModels;
  if (!Number.isInteger(userModels) || userModels < 1 || userModels > 5_000_000) {
    throw new Error(`userModels must be an integer from 1 to 5,000,000 (got ${userModels})`);
  }
  const users = options.users ?? Math.max(10, Math.round(userModels / 100));
  if (!Number.isInteger(users) || users < 2) throw new Error(`users must be an integer >= 2 (got ${users})`);
  const fanFollows = options.fanFollows ?? Math.min(1000, users - 1);
  if (!Number.isInteger(fanFollows) || fanFollows < 0 || fanFollows > users - 1) {
    throw new Error(`fanFollows must be an integer from 0 to users - 1 = ${users - 1} (got ${fanFollows})`);
  }
  const activities = options.activities ?? userModels;
  const months = options.months ?? 6;
  return { users, userModels, activities, fanFollows, months };
}

function marker(config: Config): string {
  return (
    `Benchmark account of the scale seed; follows ${config.fanFollows} users. ` +
    `[scale-seed v1 users=${config.users} userModels=${config.userModels} activities=${config.activities} ` +
    `fanFollows=${config.fanFollows} months=${config.months}]`
  );
}

const userId = (indexExpr: string) => sqlScaleId('pc-scale:user:', indexExpr);

export async function seedScale(
  connectionString: string,
  options: SeedScaleOptions,
): Promise<SeedScaleResult> {
  const config = scaleConfig(options);
  const log = options.log ?? (() => {});
  const timer = new PhaseTimer(log);
  log(
    `Scale seed: ${config.userModels.toLocaleString('en-US')} user_models, ${config.users.toLocaleString('en-US')} users, ` +
      `${config.activities.toLocaleString('en-US')} activities, scale_fan follows ${config.fanFollows}`,
  );

  await timer.run('demo data and catalogue', () =>
    seedDemo(connectionString, { seed: options.seed ?? DEFAULT_SEED }),
  );

  const main = await connect(connectionString, 'main');
  try {
    const { rows: existing } = await main.query<{ users: number; bio: string | null }>(
      `SELECT count(*)::int AS users, max(bio) FILTER (WHERE username = $2) AS bio
         FROM users WHERE username LIKE 'scale\\_%' AND email LIKE '%@' || $1`,
      [SCALE_EMAIL_DOMAIN, SCALE_FAN],
    );
    if (existing[0]?.users === config.users && existing[0]?.bio === marker(config)) {
      log('  already loaded with this configuration: nothing to do');
      const counts = await countScale(main);
      return { skipped: true, ...counts, phases: timer.phases, totalMs: timer.total() };
    }
    const { rows: clock } = await main.query<{ now: Date; superuser: boolean }>(
      `SELECT date_trunc('second', now()) AS now, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`,
    );
    const anchor = clock[0]!.now;
    const bulk = clock[0]!.superuser;
    if (!bulk) log('  not a superuser: triggers and FK checks stay on during the load (slower)');

    if ((existing[0]?.users ?? 0) > 0) {
      await timer.run(`remove previous scale data (${existing[0]!.users} users)`, () =>
        removeScaleData(main, bulk),
      );
    }

    const passwordHash = await hashDemoPassword(options.seed ?? DEFAULT_SEED);
    await timer.run('partitions', () =>
      inTransaction(main, async () => {
        const from = new Date(anchor.getTime() - config.months * 30 * DAY);
        await ensureMonthPartitions(main, 'activities', from, anchor);
        await main.query(`SELECT ensure_monthly_partitions('activities', 3)`);
      }),
    );
    await timer.run('users', () => inTransaction(main, () => loadUsers(main, config, anchor, passwordHash)));

    const [a, b] = await Promise.all([connect(connectionString, 'items'), connect(connectionString, 'feed')]);
    try {
      for (const client of [a, b]) await prepareBulkSession(client, bulk);
      await Promise.all([
        (async () => {
          await timer.run(bulk ? 'user_models + history (+ indexes)' : 'user_models (+ indexes)', () =>
            inTransaction(a, () =>
              withoutSecondaryIndexes(a, 'user_models', () =>
                withoutSecondaryIndexes(a, 'painting_status_history', () =>
                  loadUserModels(a, config, anchor, bulk),
                ),
              ),
            ),
          );
          await timer.run('analyze + verify user_models, history', async () => {
            await a.query('ANALYZE user_models, painting_status_history');
            if (bulk) await verifyReferences(a, ['user_models', 'painting_status_history']);
          });
        })(),
        (async () => {
          await timer.run('activities (+ indexes)', () =>
            inTransaction(b, () =>
              withoutSecondaryIndexes(b, 'activities', () => loadActivities(b, config, anchor)),
            ),
          );
          await timer.run('follows (+ indexes)', () =>
            inTransaction(b, () =>
              withoutSecondaryIndexes(b, 'user_relationships', () => loadFollows(b, config, anchor)),
            ),
          );
          await timer.run('analyze + verify activities, follows', async () => {
            await b.query('ANALYZE users, activities, user_relationships');
            if (bulk) await verifyReferences(b, ['activities', 'user_relationships']);
          });
        })(),
      ]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }

    await main.query(`UPDATE users SET bio = $1 WHERE username = $2`, [marker(config), SCALE_FAN]);
    const counts = await countScale(main);
    log(
      `  loaded ${counts.users} users, ${counts.userModels} user_models, ${counts.activities} activities, ` +
        `${counts.follows} follows (scale_fan follows ${counts.fanFollows})`,
    );
    return { skipped: false, ...counts, phases: timer.phases, totalMs: timer.total() };
  } finally {
    await main.end();
  }
}

async function connect(connectionString: string, name: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString,
    application_name: `plastic-crack seed --scale (${name})`,
  });
  await client.connect();
  await client.query(
    `SET synchronous_commit = off; SET jit = off; SET work_mem = '1GB'; SET maintenance_work_mem = '1GB'`,
  );
  return client;
}

async function prepareBulkSession(client: pg.Client, bulk: boolean) {
  if (bulk) await client.query('SET session_replication_role = replica');
  // The catalogue, numbered, for picking an entry by hash.
  await client.query(`CREATE TEMP TABLE scale_catalogue AS
    SELECT (row_number() OVER (ORDER BY slug) - 1)::int AS n, id, name, msrp, currency, faction_id, game_system_id,
           coalesce(points_value, 0) AS points_value
      FROM models_catalog WHERE msrp IS NOT NULL AND faction_id IS NOT NULL`);
  await client.query('ANALYZE scale_catalogue');
}

async function inTransaction<T>(client: Queryable, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * Drops the table's non-unique indexes that back no constraint, runs `work`, and recreates them from their
 * own definitions (one sorted build each is far cheaper than a million random insertions). Call inside a
 * transaction: if anything fails, the drop rolls back too. Concurrent readers wait for the commit.
 */
async function withoutSecondaryIndexes(client: Queryable, table: string, work: () => Promise<void>) {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
      WHERE i.indrelid = $1::regclass AND NOT i.indisunique
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [table],
  );
  for (const index of rows) await client.query(`DROP INDEX ${index.name}`);
  await work();
  // A partitioned table's index is reported as "ON ONLY parent"; without ONLY it is built on every partition.
  for (const index of rows) await client.query(index.definition.replace(' ON ONLY ', ' ON '));
}

export async function loadUsers(db: Queryable, config: Config, anchor: Date, passwordHash: string) {
  await db.query(
    `INSERT INTO users (id, email, username, password_hash, first_name, last_name, bio, email_verified,
                        privacy_setting, experience_level, preferred_game_systems, created_at, updated_at, last_login_at)
     SELECT ${userId('i')},
            name || '@' || $2, name, $3,
            ($4::text[])[1 + h % cardinality($4::text[])], ($5::text[])[1 + (h >> 8) % cardinality($5::text[])],
            NULL, TRUE,
            (CASE WHEN i = 0 OR h % 10 < 8 THEN 'public' WHEN h % 10 = 8 THEN 'friends' ELSE 'private' END)::privacy_level,
            (ARRAY['beginner', 'intermediate', 'advanced', 'expert'])[1 + (h >> 16) % 4]::experience_level,
            CASE (h >> 20) % 4 WHEN 0 THEN ARRAY['warhammer-40000', 'kill-team'] WHEN 1 THEN ARRAY['age-of-sigmar']
                 WHEN 2 THEN ARRAY['horus-heresy', 'warhammer-40000'] ELSE ARRAY['age-of-sigmar', 'warhammer-40000'] END,
            created, created, $6::timestamptz - ((h >> 24) % 720) * interval '1 hour'
       FROM generate_series(0, $1::int - 1) AS i,
            LATERAL (SELECT hashint8extended(i, 11) & ${MASK} AS h) AS r,
            LATERAL (SELECT CASE WHEN i = 0 THEN '${SCALE_FAN}' ELSE 'scale_' || lpad(i::text, 6, '0') END AS name,
                            $6::timestamptz - interval '800 days' + ((r.h >> 32) % (700 * 86400)) * interval '1 second' AS created) AS n
      ORDER BY 1`,
    [config.users, SCALE_EMAIL_DOMAIN, passwordHash, FIRST_NAMES, LAST_NAMES, anchor],
  );
}

/**
 * The items; with `withHistory` (triggers off) the same statement also writes the painting_status_history
 * row the trigger would have written for each (from NULL to the status it was added with, at created_at).
 */
export async function loadUserModels(db: Queryable, config: Config, anchor: Date, withHistory: boolean) {
  const insertItems = `INSERT INTO user_models (id, user_id, model_id, name, faction_id, game_system_id, points_value, quantity,
                              purchase_price, currency, purchase_date, painting_status, painting_start_date,
                              painting_completion_date, painting_time_minutes, tags, is_showcase, is_public,
                              created_at, updated_at)
     SELECT id, user_id, model_id, name, faction_id, game_system_id, points_value, quantity, purchase_price, currency,
            purchase_date, status, start_date,
            CASE WHEN status >= 'finished' THEN LEAST(start_date + ((h2 >> 40) % 200)::int, $3::date) END,
            CASE WHEN status = 'unpainted' THEN 0 ELSE (status_rank * (30 + (h2 >> 48) % 90))::int END,
            CASE WHEN custom THEN ARRAY['kitbash'] WHEN status BETWEEN 'primed' AND 'detailed' THEN ARRAY['wip'] ELSE '{}' END,
            status = 'showcase_ready' AND h1 % 3 > 0, (h1 >> 40) % 10 > 0,
            created_at, created_at
       FROM (
         SELECT ${sqlScaleId('pc-scale:um:', 'j')} AS id,
                ${userId('j % $1::int')} AS user_id,
                custom, h1, h2,
                CASE WHEN custom THEN NULL ELSE c.id END AS model_id,
                CASE WHEN custom THEN ($5::text[])[1 + (h1 >> 20) % cardinality($5::text[])] END AS name,
                CASE WHEN custom THEN c.faction_id END AS faction_id,
                CASE WHEN custom THEN c.game_system_id END AS game_system_id,
                CASE WHEN custom THEN c.points_value END AS points_value,
                1 + (h2 % 100 >= 85)::int + (h2 % 100 >= 97)::int AS quantity,
                round(c.msrp * (0.75 + ((h2 >> 7) % 26) / 100.0), 2) AS purchase_price,
                c.currency,
                d.purchase_date,
                st.status,
                st.status_rank,
                CASE WHEN st.status_rank > 0 THEN LEAST(d.purchase_date + ((h2 >> 32) % 90)::int, $3::date) END AS start_date,
                LEAST($2::timestamptz, d.purchase_date::timestamptz + ((h1 >> 44) % 1440) * interval '1 minute') AS created_at
           FROM generate_series(0, $4::int - 1) AS j,
                LATERAL (SELECT hashint8extended(j, 21) & ${MASK} AS h1, hashint8extended(j, 22) & ${MASK} AS h2) AS r,
                LATERAL (SELECT r.h1 % 100 < 8 AS custom,
                                ($3::date - ((r.h2 >> 12) % 1400)::int) AS purchase_date) AS d,
                LATERAL (SELECT ($6::painting_status[])[1 + (r.h2 >> 24) % 100] AS status,
                                ($7::int[])[1 + (r.h2 >> 24) % 100] AS status_rank) AS st,
                scale_catalogue c
          WHERE c.n = (r.h1 >> 8) % (SELECT count(*) FROM scale_catalogue)
       ) AS g
      ORDER BY id`;
  const history = `INSERT INTO painting_status_history (id, user_model_id, from_status, to_status, changed_at)
     SELECT ${sqlScaleId('pc-scale:history:', 'id')}, id, NULL, painting_status, created_at FROM items ORDER BY 1`;
  await db.query(
    withHistory
      ? `WITH items AS (${insertItems} RETURNING id, painting_status, created_at) ${history}`
      : insertItems,
    [
      config.users,
      anchor,
      anchor.toISOString().slice(0, 10),
      config.userModels,
      CUSTOM_NAMES,
      STATUS_TABLE,
      STATUS_RANKS,
    ],
  );
}

export async function loadActivities(db: Queryable, config: Config, anchor: Date) {
  await db.query(
    `INSERT INTO activities (id, user_id, activity_type, entity_type, entity_id, data, created_at)
     SELECT ${sqlScaleId('pc-scale:activity:', 'k')} AS id,
            ${userId('t.u')},
            t.kind::activity_type,
            CASE WHEN t.kind = 'user_followed' THEN 'user'
                 WHEN t.kind = 'army_created' THEN 'army'
                 WHEN t.kind = 'achievement_earned' THEN 'achievement'
                 ELSE 'user_model' END,
            CASE WHEN t.kind = 'user_followed' THEN ${userId('(t.u + 1 + (h >> 30) % ($1::int - 1)) % $1::int')}
                 WHEN t.kind IN ('army_created', 'achievement_earned') THEN NULL
                 ELSE ${sqlScaleId('pc-scale:um:', 't.j')} END,
            CASE WHEN t.kind IN ('user_followed', 'army_created', 'achievement_earned') THEN NULL
                 ELSE jsonb_build_object('name', c.name) END,
            $3::timestamptz - ((h >> 24) % ($5::bigint * 30 * 86400)) * interval '1 second'
       FROM generate_series(0, $4::int - 1) AS k,
            LATERAL (SELECT hashint8extended(k, 31) & ${MASK} AS h) AS r,
            LATERAL (
              SELECT u, u + $1::int * ((r.h >> 20) % ((($2::int - 1 - u) / $1::int) + 1)) AS j,
                     CASE WHEN (r.h >> 8) % 100 < 40 THEN 'model_added'
                          WHEN (r.h >> 8) % 100 < 60 THEN 'model_updated'
                          WHEN (r.h >> 8) % 100 < 75 THEN 'model_painted'
                          WHEN (r.h >> 8) % 100 < 85 THEN 'user_followed'
                          WHEN (r.h >> 8) % 100 < 90 THEN 'comment_added'
                          WHEN (r.h >> 8) % 100 < 95 THEN 'photo_added'
                          WHEN (r.h >> 8) % 100 < 98 THEN 'army_created'
                          ELSE 'achievement_earned' END AS kind
                FROM (SELECT (r.h % LEAST($1::int, $2::int))::int AS u) AS pick
            ) AS t,
            scale_catalogue c
      WHERE c.n = ((hashint8extended(t.j, 21) & ${MASK}) >> 8) % (SELECT count(*) FROM scale_catalogue)
      ORDER BY 1, 7`,
    [config.users, config.userModels, anchor, config.activities, config.months],
  );
}

/**
 * User u (1 … U-1) follows its next k_u users in index order (wrapping round), k_u = 50 + 950·x¹⁰ for a
 * hashed x in [0, 1) (at most U-1), plus whichever of the ten "popular" users 1…10 that range missed;
 * scale_fan (0) follows exactly users 1 … fanFollows. No pair repeats, nobody follows themself.
 * Inserted in (follower_id, following_id) order: that unique index, the larger one, then grows at its end.
 */
export async function loadFollows(db: Queryable, config: Config, anchor: Date) {
  await db.query(
    `INSERT INTO user_relationships (id, follower_id, following_id, relationship_type, created_at)
     SELECT ${sqlScaleId('pc-scale:follow:', "f.u || ':' || f.p")}, ${userId('f.u')}, ${userId('f.p')}, 'follow',
            $3::timestamptz - ((hashint8extended(f.u::bigint * 1000003 + f.p, 41) & ${MASK}) % (365 * 86400)) * interval '1 second'
       FROM (
         SELECT u, (u + 1 + t) % $1::int AS p
           FROM generate_series(0, $1::int - 1) AS u,
                LATERAL (SELECT CASE WHEN u = 0 THEN $2::int
                                     ELSE LEAST($1::int - 1, 50 + floor(950 * power(((hashint8extended(u, 40) & ${MASK}) % 1000000) / 1000000.0::float8, 10))::int)
                                END AS k) AS n,
                generate_series(0, n.k - 1) AS t
         UNION ALL
         SELECT u, p
           FROM generate_series(1, $1::int - 1) AS u,
                generate_series(1, LEAST(10, $1::int - 1)) AS p,
                LATERAL (SELECT LEAST($1::int - 1, 50 + floor(950 * power(((hashint8extended(u, 40) & ${MASK}) % 1000000) / 1000000.0::float8, 10))::int) AS k) AS n
          WHERE p <> u AND (p - u - 1 + $1::int) % $1::int >= n.k
       ) AS f
      ORDER BY 2, 3`,
    [config.users, config.fanFollows, anchor],
  );
}

/** What per-row FK checks and the purchase-date trigger would have enforced, checked once per table. */
const REFERENCE_CHECKS: Record<string, string[]> = {
  user_models: [
    `SELECT 'user_models.user_id' AS check, count(*)::int AS broken FROM user_models t WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id)`,
    `SELECT 'user_models.model_id', count(*)::int FROM user_models t WHERE t.model_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM models_catalog m WHERE m.id = t.model_id)`,
    `SELECT 'user_models.purchase_date in the future', count(*)::int FROM user_models t WHERE t.purchase_date > current_date`,
  ],
  painting_status_history: [
    `SELECT 'painting_status_history.user_model_id', count(*)::int FROM painting_status_history t WHERE NOT EXISTS (SELECT 1 FROM user_models m WHERE m.id = t.user_model_id)`,
  ],
  activities: [
    `SELECT 'activities.user_id', count(*)::int FROM activities t WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id)`,
  ],
  user_relationships: [
    `SELECT 'user_relationships.follower_id', count(*)::int FROM user_relationships t WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = t.follower_id)`,
    `SELECT 'user_relationships.following_id', count(*)::int FROM user_relationships t WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = t.following_id)`,
  ],
};

async function verifyReferences(db: Queryable, tables: string[]) {
  const { rows } = await db.query<{ check: string; broken: number }>(
    tables.flatMap((table) => REFERENCE_CHECKS[table] ?? []).join(' UNION ALL '),
  );
  const broken = rows.filter((row) => row.broken > 0);
  if (broken.length > 0) {
    throw new Error(
      `Scale seed produced broken references: ${broken.map((row) => `${row.check}: ${row.broken}`).join(', ')}`,
    );
  }
}

/**
 * Deletes the scale users and everything that hangs off them, set-based. For each of user_models and
 * users in turn, the rows of every table that references it are first dealt with as their ON DELETE rule
 * says (deleted for CASCADE, the reference cleared for SET NULL) with one statement per table; then — as
 * a superuser, and when no RESTRICT/NO ACTION reference is left to check — the million items and ten
 * thousand users are deleted with triggers off, instead of one cascade lookup per row and referencing
 * table (minutes for a million rows). Rows that the benchmarks created for scale users go too.
 */
async function removeScaleData(db: Queryable, bulk: boolean) {
  await inTransaction(db, async () => {
    // No new references to these rows while they go (an FK check needs ROW SHARE, which this blocks).
    await db.query('LOCK TABLE users, user_models IN EXCLUSIVE MODE');
    await db.query(
      `CREATE TEMP TABLE old_scale_users ON COMMIT DROP AS
         SELECT id FROM users WHERE username LIKE 'scale\\_%' AND email LIKE '%@' || $1`,
      [SCALE_EMAIL_DOMAIN],
    );
    await db.query(
      `CREATE TEMP TABLE old_scale_items ON COMMIT DROP AS
         SELECT m.id FROM user_models m JOIN old_scale_users s ON s.id = m.user_id`,
    );
    await db.query('ANALYZE old_scale_users; ANALYZE old_scale_items');
    for (const [table, ids] of [
      ['user_models', 'old_scale_items'],
      ['users', 'old_scale_users'],
    ] as const) {
      const cleared = await clearReferences(db, table, ids);
      const skipTriggers = bulk && cleared;
      if (skipTriggers) await db.query('SET LOCAL session_replication_role = replica');
      await db.query(`DELETE FROM ${table} t USING ${ids} i WHERE t.id = i.id`);
      if (skipTriggers) await db.query('SET LOCAL session_replication_role = origin');
    }
  });
}

/** Applies the ON DELETE rule of every FK that references `table` to the rows that reference `ids`. */
async function clearReferences(db: Queryable, table: string, ids: string): Promise<boolean> {
  const { rows: references } = await db.query<{ tbl: string; col: string; action: string; columns: number }>(
    `SELECT c.conrelid::regclass::text AS tbl, quote_ident(a.attname) AS col, c.confdeltype AS action,
            cardinality(c.conkey) AS columns
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.confrelid = $1::regclass AND c.conparentid = 0
      ORDER BY 1, 2`,
    [table],
  );
  let everyReferenceCleared = true;
  for (const ref of references) {
    if (ref.columns !== 1) {
      everyReferenceCleared = false; // a composite key: left to the real FK check
    } else if (ref.action === 'c') {
      await db.query(`DELETE FROM ${ref.tbl} t USING ${ids} i WHERE t.${ref.col} = i.id`);
    } else if (ref.action === 'n') {
      await db.query(`UPDATE ${ref.tbl} t SET ${ref.col} = NULL FROM ${ids} i WHERE t.${ref.col} = i.id`);
    } else {
      everyReferenceCleared = false; // RESTRICT / NO ACTION / SET DEFAULT: left to the real FK check
    }
  }
  return everyReferenceCleared;
}

async function countScale(db: Queryable) {
  const { rows } = await db.query<{
    users: number;
    user_models: number;
    activities: number;
    follows: number;
    fan_follows: number;
  }>(
    `WITH s AS (SELECT id, username FROM users WHERE username LIKE 'scale\\_%' AND email LIKE '%@' || $1)
     SELECT (SELECT count(*)::int FROM s) AS users,
            (SELECT count(*)::int FROM user_models m JOIN s ON s.id = m.user_id) AS user_models,
            (SELECT count(*)::int FROM activities a JOIN s ON s.id = a.user_id) AS activities,
            (SELECT count(*)::int FROM user_relationships r JOIN s ON s.id = r.follower_id) AS follows,
            (SELECT count(*)::int FROM user_relationships r JOIN s ON s.id = r.follower_id WHERE s.username = $2) AS fan_follows`,
    [SCALE_EMAIL_DOMAIN, SCALE_FAN],
  );
  const row = rows[0]!;
  return {
    users: row.users,
    userModels: row.user_models,
    activities: row.activities,
    follows: row.follows,
    fanFollows: row.fan_follows,
  };
}
