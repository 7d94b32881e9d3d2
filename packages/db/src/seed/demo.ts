/**
 * `pnpm db:seed`: the demo data set.
 *
 * Demo credentials (every seeded account has the same password):
 *   username `demo`, email `demo@plasticcrack.local`, password `plastic-crack-demo` (admin, verified)
 *   the other 19 users: `<username>@plasticcrack.local` (underscores become dots), e.g.
 *   `brushlord.kai@plasticcrack.local`, same password.
 *
 * Deterministic: every id is a UUID v5 of a key (ids.ts), every value comes from seeded PRNG streams
 * (random.ts) and every timestamp is an offset from a fixed epoch (time.ts), so the same seed writes
 * identical rows on any machine. Idempotent: one transaction of INSERT … ON CONFLICT DO NOTHING, so a
 * second run inserts nothing and changes nothing. Reference rows that already exist under their natural
 * key (game system slug, faction slug, catalogue slug, retailer domain, achievement name, username) are
 * reused with whatever id they have.
 */
import pg from 'pg';
import { ACHIEVEMENTS, achievementRow } from './achievements.ts';
import { buildCatalogue, priceRows, retailerRows, RETAILERS } from './catalogue.ts';
import { DEMO_USERS } from './data/users-data.ts';
import { buildDemoRows, demoUserCreatedAt, type DemoUser, userRows } from './demo-data.ts';
import { seedId } from './ids.ts';
import { hashDemoPassword } from './password.ts';
import { ensureMonthPartitions, insertCount, insertRows, type Queryable } from './sql.ts';
import { demoEpoch } from './time.ts';

export const DEFAULT_SEED = 20_261_125;
/** Advisory lock held while seeding, so two seed runs never interleave. */
export const SEED_LOCK_KEY = 72_707_370;

export interface SeedDemoOptions {
  /** PRNG seed; the same seed gives the same rows. */
  seed?: number;
  /** Clock used only to clamp the fixed epoch on machines whose date is earlier (tests). */
  now?: Date;
  log?: (line: string) => void;
}

export interface SeedDemoResult {
  /** Rows inserted by this run, per table (0 everywhere on a second run). */
  inserted: Record<string, number>;
  epoch: Date;
  elapsedMs: number;
}

export async function seedDemo(
  connectionString: string,
  options: SeedDemoOptions = {},
): Promise<SeedDemoResult> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const epoch = demoEpoch(options.now);
  const passwordHash = await hashDemoPassword(seed);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const inserted = await seedDemoRows(client, seed, epoch, passwordHash);
    await client.query('COMMIT');
    const elapsedMs = performance.now() - started;
    options.log?.(
      `Demo data (seed ${seed}, epoch ${epoch.toISOString()}): ${Object.values(inserted).reduce((a, b) => a + b, 0)} rows inserted in ${(elapsedMs / 1000).toFixed(2)} s`,
    );
    return { inserted, epoch, elapsedMs };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function resolveIds(db: Queryable, sql: string, params: unknown[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ id: string; key: string }>(sql, params);
  return new Map(rows.map((row) => [row.key, row.id]));
}

function required(map: Map<string, string>, key: string, what: string): string {
  const id = map.get(key);
  if (!id)
    throw new Error(
      `Seed: could not create or find ${what} ${JSON.stringify(key)} (a conflicting row exists?)`,
    );
  return id;
}

async function seedDemoRows(
  db: Queryable,
  seed: number,
  epoch: Date,
  passwordHash: string,
): Promise<Record<string, number>> {
  const inserted: Record<string, number> = {};
  const insert = async (table: string, rows: readonly Record<string, unknown>[]) => {
    inserted[table] = (inserted[table] ?? 0) + (await insertCount(db, table, rows));
  };

  // ---- game systems, factions, catalogue (natural keys: slugs)
  const catalogue = buildCatalogue(seed, epoch);
  await insert('game_systems', catalogue.gameSystems);
  const systemIds = await resolveIds(db, 'SELECT id, slug AS key FROM game_systems WHERE slug = ANY($1)', [
    catalogue.gameSystems.map((row) => row.slug),
  ]);
  for (const faction of catalogue.factions) {
    faction.gameSystemId = required(systemIds, faction.systemSlug, 'game system');
  }
  await insert(
    'factions',
    catalogue.factions.map((faction, i) => ({
      id: faction.id,
      game_system_id: faction.gameSystemId,
      name: faction.name,
      slug: faction.slug,
      created_at: new Date(epoch.getTime() - (880 - i) * 86_400_000).toISOString(),
      updated_at: new Date(epoch.getTime() - (880 - i) * 86_400_000).toISOString(),
    })),
  );
  const factionIds = await resolveIds(
    db,
    `SELECT f.id, gs.slug || '/' || f.slug AS key FROM factions f JOIN game_systems gs ON gs.id = f.game_system_id
      WHERE f.game_system_id = ANY($1::uuid[])`,
    [[...systemIds.values()]],
  );
  for (const faction of catalogue.factions) faction.id = required(factionIds, faction.key, 'faction');
  const factionByKey = new Map(catalogue.factions.map((faction) => [faction.key, faction]));
  for (const entry of catalogue.entries) {
    const faction = factionByKey.get(entry.factionKey)!;
    entry.factionId = faction.id;
    entry.gameSystemId = faction.gameSystemId;
    entry.row.faction_id = faction.id;
    entry.row.game_system_id = faction.gameSystemId;
  }
  // Only the entries not there yet: the search-vector trigger would run for every row, conflicting or not.
  const { rows: present } = await db.query<{ slug: string }>(
    'SELECT slug FROM models_catalog WHERE slug = ANY($1)',
    [catalogue.entries.map((entry) => entry.slug)],
  );
  const presentSlugs = new Set(present.map((row) => row.slug));
  await insert(
    'models_catalog',
    catalogue.entries.filter((entry) => !presentSlugs.has(entry.slug)).map((entry) => entry.row),
  );
  const catalogueIds = await resolveIds(
    db,
    'SELECT id, slug AS key FROM models_catalog WHERE slug = ANY($1)',
    [catalogue.entries.map((entry) => entry.slug)],
  );
  for (const entry of catalogue.entries) {
    entry.id = required(catalogueIds, entry.slug, 'catalogue entry');
    entry.row.id = entry.id;
  }

  // ---- retailers and prices
  await insert('retailers', retailerRows(seed, epoch));
  const retailerIds = await resolveIds(db, 'SELECT id, domain AS key FROM retailers WHERE domain = ANY($1)', [
    RETAILERS.map((retailer) => retailer.domain),
  ]);
  const prices = priceRows(seed, epoch, catalogue.entries, retailerIds);
  await insert('current_prices', prices.current);
  await insert('price_history', prices.history);

  // ---- achievements
  await insert(
    'achievements',
    ACHIEVEMENTS.map((achievement, i) =>
      achievementRow(achievement, new Date(epoch.getTime() - (870 - i) * 86_400_000).toISOString()),
    ),
  );
  const achievementIds = await resolveIds(
    db,
    'SELECT id, name AS key FROM achievements WHERE name = ANY($1)',
    [ACHIEVEMENTS.map((achievement) => achievement.name)],
  );

  // ---- users (natural key: username, case-insensitive)
  const provisional: DemoUser[] = DEMO_USERS.map((data) => ({
    id: seedId('user', data.username),
    data,
    createdAt: demoUserCreatedAt(seed, epoch, data.username),
  }));
  await insert('users', userRows(seed, epoch, provisional, passwordHash));
  const userIds = await resolveIds(
    db,
    'SELECT id, lower(username) AS key FROM users WHERE lower(username) = ANY($1)',
    [DEMO_USERS.map((user) => user.username.toLowerCase())],
  );
  const users = provisional.map((user) => ({
    ...user,
    id: required(userIds, user.data.username.toLowerCase(), 'user'),
  }));

  // ---- everything the users own and do
  const rows = buildDemoRows({ seed, epoch, catalogue, users, achievementIds });
  const created = await insertRows<{ id: string }>(db, 'user_models', rows.userModels, { returning: 'id' });
  inserted.user_models = created.length;
  // The history trigger recorded "added as <status>" (now, random id) for the rows just inserted; the
  // seed writes the full, dated history itself, so drop exactly those trigger rows.
  await db.query(
    `DELETE FROM painting_status_history
      WHERE user_model_id = ANY($1::uuid[]) AND from_status IS NULL AND changed_at = CURRENT_TIMESTAMP`,
    [created.map((row) => row.id)],
  );
  await insert('painting_status_history', rows.paintingHistory);
  await insert('painting_sessions', rows.paintingSessions);
  await insert('armies', rows.armies);
  await insert('army_models', rows.armyModels);
  await insert('wishlists', rows.wishlists);
  await insert('wishlist_items', rows.wishlistItems);
  await insert('friend_requests', rows.friendRequests);
  await insert('user_relationships', rows.relationships);
  await insert('model_likes', rows.likes);
  await insert('comments', rows.comments);
  await insert('conversations', rows.conversations);
  await insert('conversation_participants', rows.participants);
  await insert('messages', rows.messages);
  await insert('message_reactions', rows.reactions);
  if (rows.activityRange) await ensureMonthPartitions(db, 'activities', ...rows.activityRange);
  await insert('activities', rows.activities);
  await insert('notifications', rows.notifications);
  await insert('user_achievements', rows.userAchievements);

  // Counters must equal the rows they count, also when likes or comments were removed since an
  // earlier seed and have just been re-inserted. Touches nothing when they already agree.
  await db.query(
    `UPDATE user_models um SET like_count = c.likes, comment_count = c.comments
       FROM (SELECT m.id,
                    (SELECT count(*) FROM model_likes l WHERE l.user_model_id = m.id)::int AS likes,
                    (SELECT count(*) FROM comments k WHERE k.user_model_id = m.id)::int AS comments
               FROM user_models m WHERE m.id = ANY($1::uuid[])) c
      WHERE um.id = c.id AND (um.like_count, um.comment_count) IS DISTINCT FROM (c.likes, c.comments)`,
    [rows.userModels.map((row) => row.id)],
  );
  return inserted;
}
