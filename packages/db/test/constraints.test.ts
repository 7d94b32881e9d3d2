import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detachOldPartitions, ensurePartitions } from '../src/partitions.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

// Every constraint rejects a violating row (checked by SQLSTATE and constraint name), and the
// database-side behaviour works: updated_at and search_vector triggers, painting history, partitions,
// exact view aggregates, concurrent refresh of faction_stats.

let database: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  database = await createTestDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  await seedFixtures();
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

const sql = async <T extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
) => (await pool.query<T>(text, params)).rows;
const one = async <T extends pg.QueryResultRow = Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
) => (await sql<T>(text, params))[0]!;

const CHECK = '23514';
const UNIQUE = '23505';
const FOREIGN_KEY = '23503';
const NOT_NULL = '23502';
// ON DELETE RESTRICT: PostgreSQL 15 reports foreign_key_violation, 18 reports restrict_violation.
const RESTRICTED = ['23503', '23001'];

async function rejects(text: string, params: unknown[], code: string | string[], constraint?: string) {
  const error = await pool.query(text, params).then(
    () => undefined,
    (e: pg.DatabaseError) => e,
  );
  expect(error, `expected ${constraint ?? code} to reject: ${text}`).toBeInstanceOf(Error);
  const codes = Array.isArray(code) ? code : [code];
  expect(codes, `${error!.code} ${error!.message}`).toContain(error!.code);
  if (constraint) expect(error!.constraint).toBe(constraint);
}

// Fixture ids
let alice: string, bob: string, carol: string;
let gs: string,
  fac: string,
  fac2: string,
  cat: string,
  cat2: string,
  um: string,
  army: string,
  ret: string,
  br: string;
let conv: string, msg: string, wl: string, hr: string, ha: string, cf: string, ach: string;

const uniq = () => Math.random().toString(36).slice(2, 10);
async function user(name = `u_${uniq()}`, extra: { privacy?: string } = {}) {
  const row = await one<{ id: string }>(
    `INSERT INTO users (email, username, privacy_setting) VALUES ($1, $2, $3) RETURNING id`,
    [`${name}@example.com`, name, extra.privacy ?? 'public'],
  );
  return row.id;
}
async function userModel(userId: string, fields: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = { user_id: userId, name: 'Model', ...fields };
  const cols = Object.keys(data);
  const row = await one<{ id: string }>(
    `INSERT INTO user_models (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    Object.values(data),
  );
  return row.id;
}

async function seedFixtures() {
  alice = await user('alice');
  bob = await user('bob');
  carol = await user('carol');
  gs = (
    await one<{ id: string }>(
      `INSERT INTO game_systems (name, slug) VALUES ('Age of Sigmar', 'age-of-sigmar') RETURNING id`,
    )
  ).id;
  fac = (
    await one<{ id: string }>(
      `INSERT INTO factions (game_system_id, name, slug) VALUES ($1, 'Stormcast', 'stormcast') RETURNING id`,
      [gs],
    )
  ).id;
  fac2 = (
    await one<{ id: string }>(
      `INSERT INTO factions (game_system_id, name, slug) VALUES ($1, 'Skaven', 'skaven') RETURNING id`,
      [gs],
    )
  ).id;
  cat = (
    await one<{ id: string }>(
      `INSERT INTO models_catalog (name, slug, faction_id, game_system_id) VALUES ('Liberators', 'liberators', $1, $2) RETURNING id`,
      [fac, gs],
    )
  ).id;
  cat2 = (
    await one<{ id: string }>(
      `INSERT INTO models_catalog (name, slug, faction_id, game_system_id) VALUES ('Clanrats', 'clanrats', $1, $2) RETURNING id`,
      [fac2, gs],
    )
  ).id;
  um = await userModel(alice, { model_id: cat, name: null });
  army = (
    await one<{ id: string }>(`INSERT INTO armies (user_id, name) VALUES ($1, 'Host') RETURNING id`, [alice])
  ).id;
  ret = (
    await one<{ id: string }>(
      `INSERT INTO retailers (name, domain) VALUES ('Shop', 'shop.example.com') RETURNING id`,
    )
  ).id;
  br = (
    await one<{ id: string }>(
      `INSERT INTO battle_reports (user_id, title, my_army, opponent_army) VALUES ($1, 'Clash', '{}', '{}') RETURNING id`,
      [alice],
    )
  ).id;
  conv = (
    await one<{ id: string }>(`INSERT INTO conversations (created_by_id) VALUES ($1) RETURNING id`, [alice])
  ).id;
  msg = (
    await one<{ id: string }>(
      `INSERT INTO messages (conversation_id, user_id, content) VALUES ($1, $2, 'hi') RETURNING id`,
      [conv, alice],
    )
  ).id;
  wl = (
    await one<{ id: string }>(`INSERT INTO wishlists (user_id, is_default) VALUES ($1, TRUE) RETURNING id`, [
      alice,
    ])
  ).id;
  hr = (
    await one<{ id: string }>(
      `INSERT INTO help_requests (user_id, type, title, description) VALUES ($1, 'rules', 'Q', 'D') RETURNING id`,
      [alice],
    )
  ).id;
  ha = (
    await one<{ id: string }>(
      `INSERT INTO help_answers (help_request_id, user_id, content) VALUES ($1, $2, 'A') RETURNING id`,
      [hr, bob],
    )
  ).id;
  cf = (
    await one<{ id: string }>(
      `INSERT INTO custom_fields (user_id, name, field_type) VALUES ($1, 'Box', 'text') RETURNING id`,
      [alice],
    )
  ).id;
  ach = (
    await one<{ id: string }>(
      `INSERT INTO achievements (name, description, criteria) VALUES ('First', 'd', '{}') RETURNING id`,
    )
  ).id;
  await sql(`INSERT INTO comments (user_id, user_model_id, content) VALUES ($1, $2, 'nice')`, [bob, um]);
  await sql(`INSERT INTO wishlist_items (wishlist_id, name) VALUES ($1, 'Thing')`, [wl]);
  await sql(
    `INSERT INTO oauth_providers (user_id, provider, provider_user_id) VALUES ($1, 'google', 'g-alice')`,
    [alice],
  );
}

const FUTURE_DATE = `CURRENT_DATE + 2`; // beyond today's date anywhere on Earth

describe('users and auth', () => {
  it('rejects a malformed email', () =>
    rejects(
      `INSERT INTO users (email, username) VALUES ('not-an-email', 'x_mail')`,
      [],
      CHECK,
      'chk_users_valid_email',
    ));
  it('rejects an email that differs only in case', () =>
    rejects(
      `INSERT INTO users (email, username) VALUES ('ALICE@example.com', 'alice2')`,
      [],
      UNIQUE,
      'idx_users_email_lower',
    ));
  it('rejects a duplicate username, also by case', async () => {
    await rejects(
      `INSERT INTO users (email, username) VALUES ('a2@example.com', 'alice')`,
      [],
      UNIQUE,
      'users_username_key',
    );
    await rejects(
      `INSERT INTO users (email, username) VALUES ('a3@example.com', 'ALICE')`,
      [],
      UNIQUE,
      'idx_users_username_lower',
    );
  });
  it('rejects a username with spaces or too short', async () => {
    await rejects(
      `INSERT INTO users (email, username) VALUES ('s1@example.com', 'has space')`,
      [],
      CHECK,
      'chk_users_username_format',
    );
    await rejects(
      `INSERT INTO users (email, username) VALUES ('s2@example.com', 'x')`,
      [],
      CHECK,
      'chk_users_username_format',
    );
  });
  it('rejects a second link of the same provider account', () =>
    rejects(
      `INSERT INTO oauth_providers (user_id, provider, provider_user_id) VALUES ($1, 'google', 'g-alice')`,
      [bob],
      UNIQUE,
      'oauth_providers_provider_provider_user_id_key',
    ));
  it('rejects a malformed provider name', () =>
    rejects(
      `INSERT INTO oauth_providers (user_id, provider, provider_user_id) VALUES ($1, 'Google OAuth', 'x')`,
      [bob],
      CHECK,
      'chk_oauth_providers_provider_format',
    ));
  it('rejects a duplicate device per user', async () => {
    await sql(`INSERT INTO user_devices (user_id, device_id, platform) VALUES ($1, 'd1', 'android')`, [bob]);
    await rejects(
      `INSERT INTO user_devices (user_id, device_id, platform) VALUES ($1, 'd1', 'ios')`,
      [bob],
      UNIQUE,
      'user_devices_user_id_device_id_key',
    );
  });
  it('rejects a session id that is not a hex SHA-256', () =>
    rejects(
      `INSERT INTO sessions (id, user_id, expires_at) VALUES ('raw-token', $1, now() + interval '1 day')`,
      [alice],
      CHECK,
      'chk_sessions_id_sha256_hex',
    ));
  it('keeps a session when its device is deleted (device_id SET NULL)', async () => {
    const device = await one<{ id: string }>(
      `INSERT INTO user_devices (user_id, device_id, platform) VALUES ($1, 'web-1', 'web') RETURNING id`,
      [alice],
    );
    const id = 'a'.repeat(64);
    await sql(
      `INSERT INTO sessions (id, user_id, expires_at, device_id, ip_address) VALUES ($1, $2, now() + interval '1 day', $3, '198.51.100.4')`,
      [id, alice, device.id],
    );
    await sql(`DELETE FROM user_devices WHERE id = $1`, [device.id]);
    expect(await one(`SELECT device_id, host(ip_address) AS ip FROM sessions WHERE id = $1`, [id])).toEqual({
      device_id: null,
      ip: '198.51.100.4',
    });
  });
  it('rejects a duplicate refresh token hash', async () => {
    await sql(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, gen_random_uuid(), 'rt-dup', now() + interval '1 day')`,
      [alice],
    );
    await rejects(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, gen_random_uuid(), 'rt-dup', now() + interval '1 day')`,
      [alice],
      UNIQUE,
      'refresh_tokens_token_hash_key',
    );
  });
  it('rejects a refresh token without a family', () =>
    rejects(
      `INSERT INTO refresh_tokens (user_id, token_hash, expires_at) VALUES ($1, 'rt-nofam', now() + interval '1 day')`,
      [alice],
      NOT_NULL,
    ));
  it('rejects a revoked refresh token without reason and time, and an unrevoked one with a reason', async () => {
    await rejects(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, is_revoked) VALUES ($1, gen_random_uuid(), 'rt-r1', now() + interval '1 day', TRUE)`,
      [alice],
      CHECK,
      'chk_refresh_tokens_revocation',
    );
    await rejects(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, revoked_reason) VALUES ($1, gen_random_uuid(), 'rt-r2', now() + interval '1 day', 'logout')`,
      [alice],
      CHECK,
      'chk_refresh_tokens_revocation',
    );
  });
  it('rejects two tokens replaced by the same token, and a token replacing itself', async () => {
    const next = await one<{ id: string }>(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, gen_random_uuid(), 'rt-next', now() + interval '1 day') RETURNING id`,
      [alice],
    );
    await sql(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, replaced_by_id) VALUES ($1, gen_random_uuid(), 'rt-old1', now() + interval '1 day', $2)`,
      [alice, next.id],
    );
    await rejects(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, replaced_by_id) VALUES ($1, gen_random_uuid(), 'rt-old2', now() + interval '1 day', $2)`,
      [alice, next.id],
      UNIQUE,
      'refresh_tokens_replaced_by_id_key',
    );
    await rejects(
      `UPDATE refresh_tokens SET replaced_by_id = id WHERE id = $1`,
      [next.id],
      CHECK,
      'chk_refresh_tokens_not_self_replaced',
    );
  });
  it('rejects a duplicate user token hash and an unknown purpose', async () => {
    await sql(
      `INSERT INTO user_tokens (user_id, purpose, token_hash, expires_at) VALUES ($1, 'email_verification', 'ut-1', now() + interval '1 day')`,
      [alice],
    );
    await rejects(
      `INSERT INTO user_tokens (user_id, purpose, token_hash, expires_at) VALUES ($1, 'password_reset', 'ut-1', now() + interval '1 day')`,
      [alice],
      UNIQUE,
      'user_tokens_token_hash_key',
    );
    await rejects(
      `INSERT INTO user_tokens (user_id, purpose, token_hash, expires_at) VALUES ($1, 'magic_link', 'ut-2', now() + interval '1 day')`,
      [alice],
      '22P02',
    );
  });
  it('rejects a malformed email on a user token', () =>
    rejects(
      `INSERT INTO user_tokens (user_id, purpose, token_hash, expires_at, email) VALUES ($1, 'email_verification', 'ut-3', now() + interval '1 day', 'nope')`,
      [alice],
      CHECK,
      'chk_user_tokens_valid_email',
    ));
});

describe('catalogue', () => {
  it('rejects a duplicate or malformed game-system slug', async () => {
    await rejects(
      `INSERT INTO game_systems (name, slug) VALUES ('Dup', 'age-of-sigmar')`,
      [],
      UNIQUE,
      'game_systems_slug_key',
    );
    await rejects(
      `INSERT INTO game_systems (name, slug) VALUES ('Bad', 'Bad Slug')`,
      [],
      CHECK,
      'chk_game_systems_slug_format',
    );
  });
  it('rejects a duplicate faction slug within a game system, and a malformed one', async () => {
    await rejects(
      `INSERT INTO factions (game_system_id, name, slug) VALUES ($1, 'Dup', 'stormcast')`,
      [gs],
      UNIQUE,
      'factions_game_system_id_slug_key',
    );
    await rejects(
      `INSERT INTO factions (game_system_id, name, slug) VALUES ($1, 'Bad', 'x_y')`,
      [gs],
      CHECK,
      'chk_factions_slug_format',
    );
  });
  it('refuses to delete a game system that still has factions (RESTRICT)', () =>
    rejects(`DELETE FROM game_systems WHERE id = $1`, [gs], RESTRICTED, 'factions_game_system_id_fkey'));
  it('rejects a catalogue entry with negative MSRP, negative points, bad currency or duplicate slug', async () => {
    await rejects(
      `INSERT INTO models_catalog (name, slug, msrp) VALUES ('a', 'a-1', -1)`,
      [],
      CHECK,
      'chk_models_catalog_msrp',
    );
    await rejects(
      `INSERT INTO models_catalog (name, slug, points_value) VALUES ('a', 'a-2', -5)`,
      [],
      CHECK,
      'chk_models_catalog_points',
    );
    await rejects(
      `INSERT INTO models_catalog (name, slug, currency) VALUES ('a', 'a-3', 'usd')`,
      [],
      CHECK,
      'chk_models_catalog_currency',
    );
    await rejects(
      `INSERT INTO models_catalog (name, slug) VALUES ('a', 'liberators')`,
      [],
      UNIQUE,
      'models_catalog_slug_key',
    );
  });
  it('refuses to delete a catalogue entry that users own (RESTRICT)', () =>
    rejects(`DELETE FROM models_catalog WHERE id = $1`, [cat], RESTRICTED, 'user_models_model_id_fkey'));
});

describe('user_models', () => {
  it('rejects quantity 0', () =>
    rejects(
      `INSERT INTO user_models (user_id, name, quantity) VALUES ($1, 'x', 0)`,
      [alice],
      CHECK,
      'chk_user_models_positive_quantity',
    ));
  it('rejects a negative purchase price', () =>
    rejects(
      `INSERT INTO user_models (user_id, name, purchase_price) VALUES ($1, 'x', -0.01)`,
      [alice],
      CHECK,
      'chk_user_models_positive_price',
    ));
  it('rejects an item with neither catalogue link nor name (or a blank name)', async () => {
    await rejects(
      `INSERT INTO user_models (user_id) VALUES ($1)`,
      [alice],
      CHECK,
      'chk_user_models_catalog_or_name',
    );
    await rejects(
      `INSERT INTO user_models (user_id, name) VALUES ($1, '   ')`,
      [alice],
      CHECK,
      'chk_user_models_catalog_or_name',
    );
  });
  it('accepts a catalogue-linked item without a name and a free-standing item with one', async () => {
    await expect(userModel(bob, { model_id: cat, name: null })).resolves.toBeTruthy();
    await expect(userModel(bob, { name: 'Scratch-built tower' })).resolves.toBeTruthy();
  });
  it('rejects a purchase date in the future, on insert and on update (trigger)', async () => {
    await rejects(
      `INSERT INTO user_models (user_id, name, purchase_date) VALUES ($1, 'x', ${FUTURE_DATE})`,
      [alice],
      CHECK,
      'chk_user_models_purchase_date_not_future',
    );
    await rejects(
      `UPDATE user_models SET purchase_date = ${FUTURE_DATE} WHERE id = $1`,
      [um],
      CHECK,
      'chk_user_models_purchase_date_not_future',
    );
  });
  it('accepts a purchase date of today and in the past', async () => {
    await expect(
      userModel(alice, { purchase_date: new Date().toISOString().slice(0, 10) }),
    ).resolves.toBeTruthy();
    await expect(userModel(alice, { purchase_date: '2019-05-04' })).resolves.toBeTruthy();
  });
  it('rejects negative points, a bad currency, completion before start, negative painting time and counters', async () => {
    await rejects(
      `INSERT INTO user_models (user_id, name, points_value) VALUES ($1, 'x', -1)`,
      [alice],
      CHECK,
      'chk_user_models_points',
    );
    await rejects(
      `INSERT INTO user_models (user_id, name, currency) VALUES ($1, 'x', 'eur')`,
      [alice],
      CHECK,
      'chk_user_models_currency',
    );
    await rejects(
      `INSERT INTO user_models (user_id, name, painting_start_date, painting_completion_date) VALUES ($1, 'x', '2024-02-02', '2024-02-01')`,
      [alice],
      CHECK,
      'chk_user_models_painting_dates',
    );
    await rejects(
      `INSERT INTO user_models (user_id, name, painting_time_minutes) VALUES ($1, 'x', -1)`,
      [alice],
      CHECK,
      'chk_user_models_painting_time',
    );
    await rejects(
      `UPDATE user_models SET like_count = -1 WHERE id = $1`,
      [um],
      CHECK,
      'chk_user_models_counters',
    );
  });
  it('rejects a painting status outside the enum (7.1’s display_ready is showcase_ready)', () =>
    rejects(
      `INSERT INTO user_models (user_id, name, painting_status) VALUES ($1, 'x', 'display_ready')`,
      [alice],
      '22P02',
    ));
  it('records painting-status changes in painting_status_history (trigger), and only changes', async () => {
    const id = await userModel(alice, { name: 'Tracked' });
    await sql(`UPDATE user_models SET painting_status = 'primed' WHERE id = $1`, [id]);
    await sql(`UPDATE user_models SET notes = 'unrelated' WHERE id = $1`, [id]);
    await sql(`UPDATE user_models SET painting_status = 'primed' WHERE id = $1`, [id]);
    await sql(`UPDATE user_models SET painting_status = 'showcase_ready' WHERE id = $1`, [id]);
    const rows = await sql(
      `SELECT from_status, to_status FROM painting_status_history WHERE user_model_id = $1 ORDER BY changed_at, id`,
      [id],
    );
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => `${r.from_status}->${r.to_status}`))).toEqual(
      new Set(['null->unpainted', 'unpainted->primed', 'primed->showcase_ready']),
    );
    await rejects(
      `INSERT INTO painting_status_history (user_model_id, from_status, to_status) VALUES ($1, 'primed', 'primed')`,
      [id],
      CHECK,
      'chk_painting_status_history_changed',
    );
  });
  it('rejects painting sessions of 0 or more than 1440 minutes, or in the future', async () => {
    await rejects(
      `INSERT INTO painting_sessions (user_model_id, minutes) VALUES ($1, 0)`,
      [um],
      CHECK,
      'chk_painting_sessions_minutes',
    );
    await rejects(
      `INSERT INTO painting_sessions (user_model_id, minutes) VALUES ($1, 1441)`,
      [um],
      CHECK,
      'chk_painting_sessions_minutes',
    );
    await rejects(
      `INSERT INTO painting_sessions (user_model_id, minutes, painted_on) VALUES ($1, 30, ${FUTURE_DATE})`,
      [um],
      CHECK,
      'chk_painting_sessions_painted_on_not_future',
    );
  });
  it('rejects photos with a bad MIME type, a reused storage key or non-positive dimensions', async () => {
    const photo = `INSERT INTO model_photos (user_model_id, storage_key, mime_type, url, width, height, sort_order) VALUES ($1, $2, $3, 'https://x/y', $4, $5, $6)`;
    await rejects(photo, [um, 'p1', 'image/gif', 10, 10, 0], CHECK, 'chk_model_photos_mime_type');
    await sql(photo, [um, 'p2', 'image/png', 10, 10, 0]);
    await rejects(photo, [um, 'p2', 'image/png', 10, 10, 1], UNIQUE, 'model_photos_storage_key_key');
    await rejects(photo, [um, 'p3', 'image/png', 0, 10, 0], CHECK, 'chk_model_photos_dimensions');
    await rejects(photo, [um, 'p4', 'image/png', 10, 10, -1], CHECK, 'chk_model_photos_sort_order');
  });
  it('rejects a dropdown custom field without options, a duplicate field name and a duplicate value', async () => {
    await rejects(
      `INSERT INTO custom_fields (user_id, name, field_type) VALUES ($1, 'Pick', 'dropdown')`,
      [alice],
      CHECK,
      'chk_custom_fields_options',
    );
    await rejects(
      `INSERT INTO custom_fields (user_id, name, field_type) VALUES ($1, 'Box', 'text')`,
      [alice],
      UNIQUE,
      'custom_fields_user_id_name_key',
    );
    await sql(
      `INSERT INTO model_custom_fields (user_model_id, custom_field_id, value) VALUES ($1, $2, '"a"')`,
      [um, cf],
    );
    await rejects(
      `INSERT INTO model_custom_fields (user_model_id, custom_field_id, value) VALUES ($1, $2, '"b"')`,
      [um, cf],
      UNIQUE,
      'model_custom_fields_pkey',
    );
  });
});

describe('AI and prices', () => {
  it('rejects AI scores outside 0..1 and negative values', async () => {
    await rejects(
      `INSERT INTO ai_color_schemes (name, primary_colors, lore_accuracy) VALUES ('s', '[]', 1.5)`,
      [],
      CHECK,
      'chk_ai_color_schemes_scores',
    );
    await rejects(
      `INSERT INTO ai_color_schemes (name, primary_colors, estimated_time_minutes) VALUES ('s', '[]', 0)`,
      [],
      CHECK,
      'chk_ai_color_schemes_estimated_time',
    );
    await rejects(
      `INSERT INTO ai_recommendations (user_id, model_id, recommendation_type, confidence_score) VALUES ($1, $2, 'trending', -0.1)`,
      [alice, cat],
      CHECK,
      'chk_ai_recommendations_scores',
    );
    await rejects(
      `INSERT INTO ai_recommendations (user_id, model_id, recommendation_type, estimated_value) VALUES ($1, $2, 'trending', -1)`,
      [alice, cat],
      CHECK,
      'chk_ai_recommendations_estimated_value',
    );
  });
  it('rejects bad retailer country code, currency and reliability', async () => {
    await rejects(
      `INSERT INTO retailers (name, domain, country_code) VALUES ('r', 'r1.example', 'gb')`,
      [],
      CHECK,
      'chk_retailers_country_code',
    );
    await rejects(
      `INSERT INTO retailers (name, domain, currency) VALUES ('r', 'r2.example', 'gb1')`,
      [],
      CHECK,
      'chk_retailers_currency',
    );
    await rejects(
      `INSERT INTO retailers (name, domain, reliability_score) VALUES ('r', 'r3.example', 1.01)`,
      [],
      CHECK,
      'chk_retailers_reliability_score',
    );
    await rejects(
      `INSERT INTO retailers (name, domain) VALUES ('r', 'shop.example.com')`,
      [],
      UNIQUE,
      'retailers_domain_key',
    );
  });
  it('rejects a negative current price, a second current price per retailer and a discount over 100%', async () => {
    await rejects(
      `INSERT INTO current_prices (model_id, retailer_id, price) VALUES ($1, $2, -1)`,
      [cat, ret],
      CHECK,
      'chk_current_prices_price',
    );
    await sql(`INSERT INTO current_prices (model_id, retailer_id, price) VALUES ($1, $2, 10)`, [cat, ret]);
    await rejects(
      `INSERT INTO current_prices (model_id, retailer_id, price) VALUES ($1, $2, 11)`,
      [cat, ret],
      UNIQUE,
      'current_prices_model_id_retailer_id_key',
    );
    await rejects(
      `INSERT INTO current_prices (model_id, retailer_id, price, discount_percentage) VALUES ($1, $2, 5, 101)`,
      [cat2, ret],
      CHECK,
      'chk_current_prices_discount',
    );
  });
  it('rejects a negative price in price history', () =>
    rejects(
      `INSERT INTO price_history (model_id, retailer_id, price) VALUES ($1, $2, -3)`,
      [cat, ret],
      CHECK,
      'chk_price_history_price',
    ));
  it('rejects a price alert with target 0, no or unknown notification methods', async () => {
    await rejects(
      `INSERT INTO price_alerts (user_id, model_id, target_price) VALUES ($1, $2, 0)`,
      [alice, cat],
      CHECK,
      'chk_price_alerts_target_price',
    );
    await rejects(
      `INSERT INTO price_alerts (user_id, model_id, target_price, notification_methods) VALUES ($1, $2, 5, '{}')`,
      [alice, cat],
      CHECK,
      'chk_price_alerts_notification_methods',
    );
    await rejects(
      `INSERT INTO price_alerts (user_id, model_id, target_price, notification_methods) VALUES ($1, $2, 5, '{push,sms}')`,
      [alice, cat],
      CHECK,
      'chk_price_alerts_notification_methods',
    );
  });
});

describe('social', () => {
  it('rejects following yourself', () =>
    rejects(
      `INSERT INTO user_relationships (follower_id, following_id) VALUES ($1, $1)`,
      [alice],
      CHECK,
      'chk_user_relationships_not_self',
    ));
  it('rejects a duplicate relationship between the same ordered pair, whatever its type', async () => {
    await sql(`INSERT INTO user_relationships (follower_id, following_id) VALUES ($1, $2)`, [carol, bob]);
    await rejects(
      `INSERT INTO user_relationships (follower_id, following_id, relationship_type) VALUES ($1, $2, 'blocked')`,
      [carol, bob],
      UNIQUE,
      'user_relationships_follower_id_following_id_key',
    );
  });
  it('allows one pending friend request per pair, in either direction', async () => {
    const a = await user();
    const b = await user();
    await sql(`INSERT INTO friend_requests (requester_id, addressee_id) VALUES ($1, $2)`, [a, b]);
    await rejects(
      `INSERT INTO friend_requests (requester_id, addressee_id) VALUES ($1, $2)`,
      [a, b],
      UNIQUE,
      'idx_friend_requests_pending_pair',
    );
    await rejects(
      `INSERT INTO friend_requests (requester_id, addressee_id) VALUES ($1, $2)`,
      [b, a],
      UNIQUE,
      'idx_friend_requests_pending_pair',
    );
    await sql(
      `UPDATE friend_requests SET status = 'declined', responded_at = now() WHERE requester_id = $1`,
      [a],
    );
    await expect(
      sql(`INSERT INTO friend_requests (requester_id, addressee_id) VALUES ($1, $2)`, [b, a]),
    ).resolves.toBeDefined();
  });
  it('rejects a friend request to yourself, and an answered request without responded_at', async () => {
    await rejects(
      `INSERT INTO friend_requests (requester_id, addressee_id) VALUES ($1, $1)`,
      [alice],
      CHECK,
      'chk_friend_requests_not_self',
    );
    await rejects(
      `INSERT INTO friend_requests (requester_id, addressee_id, status) VALUES ($1, $2, 'accepted')`,
      [carol, alice],
      CHECK,
      'chk_friend_requests_responded',
    );
  });
  it('rejects a duplicate like', async () => {
    await sql(`INSERT INTO model_likes (user_id, user_model_id) VALUES ($1, $2)`, [carol, um]);
    await rejects(
      `INSERT INTO model_likes (user_id, user_model_id) VALUES ($1, $2)`,
      [carol, um],
      UNIQUE,
      'model_likes_pkey',
    );
  });
  it('rejects a duplicate battle-report like', async () => {
    await sql(`INSERT INTO battle_report_likes (user_id, battle_report_id) VALUES ($1, $2)`, [bob, br]);
    await rejects(
      `INSERT INTO battle_report_likes (user_id, battle_report_id) VALUES ($1, $2)`,
      [bob, br],
      UNIQUE,
      'battle_report_likes_pkey',
    );
  });
  it('rejects battle reports with negative scores, zero points limit or yourself as opponent', async () => {
    const report = `INSERT INTO battle_reports (user_id, title, my_army, opponent_army, my_score, points_limit, opponent_user_id) VALUES ($1, 't', '{}', '{}', $2, $3, $4)`;
    await rejects(report, [alice, -1, 1000, null], CHECK, 'chk_battle_reports_scores');
    await rejects(report, [alice, 1, 0, null], CHECK, 'chk_battle_reports_points_limit');
    await rejects(report, [alice, 1, 1000, alice], CHECK, 'chk_battle_reports_not_self_opponent');
  });
  it('rejects comments without a target, with two targets, or blank', async () => {
    await rejects(
      `INSERT INTO comments (user_id, content) VALUES ($1, 'x')`,
      [bob],
      CHECK,
      'chk_comments_one_target',
    );
    await rejects(
      `INSERT INTO comments (user_id, user_model_id, battle_report_id, content) VALUES ($1, $2, $3, 'x')`,
      [bob, um, br],
      CHECK,
      'chk_comments_one_target',
    );
    await rejects(
      `INSERT INTO comments (user_id, user_model_id, content) VALUES ($1, $2, '  ')`,
      [bob, um],
      CHECK,
      'chk_comments_content',
    );
  });
  it('rejects a best answer that answers another help request (trigger), and clears it when the answer is deleted', async () => {
    const other = await one<{ id: string }>(
      `INSERT INTO help_requests (user_id, type, title, description) VALUES ($1, 'general', 'Other', 'D') RETURNING id`,
      [bob],
    );
    await rejects(
      `UPDATE help_requests SET best_answer_id = $1 WHERE id = $2`,
      [ha, other.id],
      FOREIGN_KEY,
      'chk_help_requests_best_answer_same_request',
    );
    await sql(`UPDATE help_requests SET best_answer_id = $1 WHERE id = $2`, [ha, hr]);
    const extra = await one<{ id: string }>(
      `INSERT INTO help_answers (help_request_id, user_id, content) VALUES ($1, $2, 'B') RETURNING id`,
      [hr, carol],
    );
    await sql(`UPDATE help_requests SET best_answer_id = $1 WHERE id = $2`, [extra.id, hr]);
    await sql(`DELETE FROM help_answers WHERE id = $1`, [extra.id]);
    expect(
      (await one(`SELECT best_answer_id FROM help_requests WHERE id = $1`, [hr])).best_answer_id,
    ).toBeNull();
  });
  it('rejects a resolved help request without resolved_at, and negative counters', async () => {
    await rejects(
      `UPDATE help_requests SET status = 'resolved' WHERE id = $1`,
      [hr],
      CHECK,
      'chk_help_requests_resolved_at',
    );
    await rejects(
      `UPDATE help_requests SET answer_count = -1 WHERE id = $1`,
      [hr],
      CHECK,
      'chk_help_requests_counters',
    );
  });
  it('rejects an upvote for zero or two targets, and a second upvote by the same user', async () => {
    await rejects(
      `INSERT INTO help_upvotes (user_id) VALUES ($1)`,
      [carol],
      CHECK,
      'chk_help_upvotes_one_target',
    );
    await rejects(
      `INSERT INTO help_upvotes (user_id, help_request_id, help_answer_id) VALUES ($1, $2, $3)`,
      [carol, hr, ha],
      CHECK,
      'chk_help_upvotes_one_target',
    );
    await sql(`INSERT INTO help_upvotes (user_id, help_request_id) VALUES ($1, $2)`, [carol, hr]);
    await rejects(
      `INSERT INTO help_upvotes (user_id, help_request_id) VALUES ($1, $2)`,
      [carol, hr],
      UNIQUE,
      'idx_help_upvotes_user_request',
    );
    await sql(`INSERT INTO help_upvotes (user_id, help_answer_id) VALUES ($1, $2)`, [carol, ha]);
    await rejects(
      `INSERT INTO help_upvotes (user_id, help_answer_id) VALUES ($1, $2)`,
      [carol, ha],
      UNIQUE,
      'idx_help_upvotes_user_answer',
    );
  });
  it('rejects a duplicate participant, an oversize message and a duplicate reaction (another emoji is fine)', async () => {
    await sql(`INSERT INTO conversation_participants (conversation_id, user_id) VALUES ($1, $2)`, [
      conv,
      alice,
    ]);
    await rejects(
      `INSERT INTO conversation_participants (conversation_id, user_id) VALUES ($1, $2)`,
      [conv, alice],
      UNIQUE,
      'conversation_participants_conversation_id_user_id_key',
    );
    await rejects(
      `INSERT INTO messages (conversation_id, user_id, content) VALUES ($1, $2, repeat('x', 10001))`,
      [conv, alice],
      CHECK,
      'chk_messages_content_length',
    );
    await sql(`INSERT INTO message_reactions (message_id, user_id, emoji) VALUES ($1, $2, '🔥')`, [msg, bob]);
    await rejects(
      `INSERT INTO message_reactions (message_id, user_id, emoji) VALUES ($1, $2, '🔥')`,
      [msg, bob],
      UNIQUE,
      'message_reactions_pkey',
    );
    await expect(
      sql(`INSERT INTO message_reactions (message_id, user_id, emoji) VALUES ($1, $2, '👍')`, [msg, bob]),
    ).resolves.toBeDefined();
    await rejects(
      `INSERT INTO message_reactions (message_id, user_id, emoji) VALUES ($1, $2, '')`,
      [msg, carol],
      CHECK,
      'chk_message_reactions_emoji',
    );
  });
  it('rejects a notification read_at without is_read', () =>
    rejects(
      `INSERT INTO notifications (user_id, type, title, read_at) VALUES ($1, 'system', 't', now())`,
      [alice],
      CHECK,
      'chk_notifications_read_at',
    ));
  it('rejects a duplicate or negative achievement, and earning one twice', async () => {
    await rejects(
      `INSERT INTO achievements (name, description, criteria) VALUES ('First', 'd', '{}')`,
      [],
      UNIQUE,
      'achievements_name_key',
    );
    await rejects(
      `INSERT INTO achievements (name, description, criteria, points) VALUES ('Neg', 'd', '{}', -1)`,
      [],
      CHECK,
      'chk_achievements_points',
    );
    await sql(`INSERT INTO user_achievements (user_id, achievement_id) VALUES ($1, $2)`, [alice, ach]);
    await rejects(
      `INSERT INTO user_achievements (user_id, achievement_id) VALUES ($1, $2)`,
      [alice, ach],
      UNIQUE,
      'user_achievements_pkey',
    );
  });
});

describe('armies and wishlists', () => {
  it('rejects an army with points limit 0', () =>
    rejects(
      `INSERT INTO armies (user_id, name, points_limit) VALUES ($1, 'a', 0)`,
      [alice],
      CHECK,
      'chk_armies_points_limit',
    ));
  it('rejects army_models quantity 0 and the same model twice in an army', async () => {
    await rejects(
      `INSERT INTO army_models (army_id, user_model_id, quantity) VALUES ($1, $2, 0)`,
      [army, um],
      CHECK,
      'chk_army_models_positive_quantity',
    );
    await sql(`INSERT INTO army_models (army_id, user_model_id) VALUES ($1, $2)`, [army, um]);
    await rejects(
      `INSERT INTO army_models (army_id, user_model_id) VALUES ($1, $2)`,
      [army, um],
      UNIQUE,
      'army_models_army_id_user_model_id_key',
    );
  });
  it('rejects an army entry pointing at no user model', () =>
    rejects(
      `INSERT INTO army_models (army_id, user_model_id) VALUES ($1, gen_random_uuid())`,
      [army],
      FOREIGN_KEY,
      'army_models_user_model_id_fkey',
    ));
  it('rejects a second default wishlist, a duplicate or short share token', async () => {
    await rejects(
      `INSERT INTO wishlists (user_id, is_default) VALUES ($1, TRUE)`,
      [alice],
      UNIQUE,
      'idx_wishlists_default',
    );
    await sql(`INSERT INTO wishlists (user_id, share_token) VALUES ($1, 'tok-0123456789abcdef')`, [alice]);
    await rejects(
      `INSERT INTO wishlists (user_id, share_token) VALUES ($1, 'tok-0123456789abcdef')`,
      [bob],
      UNIQUE,
      'wishlists_share_token_key',
    );
    await rejects(
      `INSERT INTO wishlists (user_id, share_token) VALUES ($1, 'short')`,
      [bob],
      CHECK,
      'chk_wishlists_share_token',
    );
  });
  it('rejects wishlist items with quantity 0 or a negative price', async () => {
    await rejects(
      `INSERT INTO wishlist_items (wishlist_id, name, quantity) VALUES ($1, 'x', 0)`,
      [wl],
      CHECK,
      'chk_wishlist_items_quantity',
    );
    await rejects(
      `INSERT INTO wishlist_items (wishlist_id, name, estimated_price) VALUES ($1, 'x', -1)`,
      [wl],
      CHECK,
      'chk_wishlist_items_estimated_price',
    );
  });
});

describe('deletion rules', () => {
  it('deleting a user cascades to their content and keeps their audit log rows (user_id SET NULL)', async () => {
    const doomed = await user();
    const item = await userModel(doomed);
    await sql(`INSERT INTO model_likes (user_id, user_model_id) VALUES ($1, $2)`, [alice, item]);
    await sql(`INSERT INTO activities (user_id, activity_type) VALUES ($1, 'model_added')`, [doomed]);
    const log = await one<{ id: string }>(
      `INSERT INTO audit_logs (user_id, action) VALUES ($1, 'user.delete') RETURNING id`,
      [doomed],
    );
    await sql(`DELETE FROM users WHERE id = $1`, [doomed]);
    expect(await sql(`SELECT 1 FROM user_models WHERE id = $1`, [item])).toHaveLength(0);
    expect(await sql(`SELECT 1 FROM model_likes WHERE user_model_id = $1`, [item])).toHaveLength(0);
    expect(await sql(`SELECT 1 FROM activities WHERE user_id = $1`, [doomed])).toHaveLength(0);
    expect(await one(`SELECT user_id FROM audit_logs WHERE id = $1`, [log.id])).toEqual({ user_id: null });
  });
});

describe('updated_at trigger', () => {
  const TABLES = [
    'users',
    'oauth_providers',
    'game_systems',
    'factions',
    'models_catalog',
    'user_models',
    'battle_reports',
    'help_requests',
    'help_answers',
    'armies',
    'comments',
    'wishlists',
    'wishlist_items',
    'app_settings',
  ];
  it.each(TABLES)(
    '%s: any update sets updated_at to now, even if the client sends an old value',
    async (table) => {
      const [row] = await sql<{ updated_at: Date; now: Date }>(
        `UPDATE ${table} SET updated_at = '2000-01-01T00:00:00Z' WHERE ctid = (SELECT ctid FROM ${table} LIMIT 1)
       RETURNING updated_at, now() AS now`,
      );
      expect(row, `${table} needs a fixture row`).toBeDefined();
      expect(row!.updated_at.getTime()).toBe(row!.now.getTime());
    },
  );
  it('a later update moves updated_at forward', async () => {
    const before = await one<{ updated_at: Date }>(`SELECT updated_at FROM armies WHERE id = $1`, [army]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const after = await one<{ updated_at: Date }>(
      `UPDATE armies SET name = 'Renamed' WHERE id = $1 RETURNING updated_at`,
      [army],
    );
    expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
  });
});

describe('catalogue search', () => {
  it('fills search_vector on insert and on update (weighted: name, tags, description, lore)', async () => {
    const { id } = await one<{ id: string }>(
      `INSERT INTO models_catalog (name, slug, description, lore_description, tags)
       VALUES ('Vanguard Raptors', 'vanguard-raptors', 'Sharpshooters with longstrike crossbows', 'Hunters of the Azyrite skies', '{ranged,elite}')
       RETURNING id`,
    );
    const match = (query: string) =>
      one<{ hit: boolean }>(
        `SELECT search_vector @@ plainto_tsquery('english', $2) AS hit FROM models_catalog WHERE id = $1`,
        [id, query],
      );
    expect(await match('raptor')).toEqual({ hit: true });
    expect(await match('crossbows')).toEqual({ hit: true });
    expect(await match('hunter')).toEqual({ hit: true });
    expect(await match('ranged')).toEqual({ hit: true });
    expect(await match('grenades')).toEqual({ hit: false });
    const { weights } = await one<{ weights: string }>(
      `SELECT search_vector::text AS weights FROM models_catalog WHERE id = $1`,
      [id],
    );
    expect(weights).toMatch(/'raptor':\d+A/);
    expect(weights).toMatch(/'hunter':\d+( |$)/); // weight D is the default and is not printed
    expect(weights).toMatch(/'crossbow':\d+C/);
    expect(weights).toMatch(/'rang':\d+B/);

    await sql(`UPDATE models_catalog SET description = 'Armed with hurricane grenades' WHERE id = $1`, [id]);
    expect(await match('grenades')).toEqual({ hit: true });
    expect(await match('crossbows')).toEqual({ hit: false });
  });
  it('finds a misspelt name through the trigram index operator', async () => {
    const rows = await sql<{ name: string }>(
      `SELECT name FROM models_catalog WHERE name % 'Liberaters' ORDER BY similarity(name, 'Liberaters') DESC`,
    );
    expect(rows[0]?.name).toBe('Liberators');
  });
});

describe('partitions', () => {
  const monthName = (offset: number) => {
    const now = new Date();
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 15));
    return {
      at: d.toISOString(),
      suffix: `${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`,
    };
  };

  it.each(['activities', 'audit_logs'])(
    '%s: a row two months ahead lands in its monthly partition, one far ahead in the default',
    async (table) => {
      const insert =
        table === 'activities'
          ? `INSERT INTO activities (user_id, activity_type, created_at) VALUES ($1, 'model_added', $2) RETURNING tableoid::regclass::text AS part`
          : `INSERT INTO audit_logs (user_id, action, created_at) VALUES ($1, 'test', $2) RETURNING tableoid::regclass::text AS part`;
      const ahead = monthName(2);
      expect(await one(insert, [alice, ahead.at])).toEqual({ part: `${table}_${ahead.suffix}` });
      expect(await one(insert, [alice, new Date().toISOString()])).toEqual({
        part: `${table}_${monthName(0).suffix}`,
      });
      expect(await one(insert, [alice, '2100-06-01T00:00:00Z'])).toEqual({ part: `${table}_default` });
    },
  );

  it('ensurePartitions is idempotent, creates further months, and moves default rows into a new partition', async () => {
    expect(await ensurePartitions(database.url)).toEqual([]);
    const five = monthName(5);
    const { id } = await one<{ id: string; part: string }>(
      `INSERT INTO activities (user_id, activity_type, created_at) VALUES ($1, 'model_added', $2) RETURNING id, tableoid::regclass::text AS part`,
      [alice, five.at],
    );
    expect(
      (await one(`SELECT tableoid::regclass::text AS part FROM activities WHERE id = $1`, [id])).part,
    ).toBe('activities_default');

    const created = await ensurePartitions(database.db, 6); // through Prisma this time
    expect(created.sort()).toEqual(
      [4, 5, 6]
        .flatMap((i) => [`activities_${monthName(i).suffix}`, `audit_logs_${monthName(i).suffix}`])
        .sort(),
    );
    expect(
      (await one(`SELECT tableoid::regclass::text AS part FROM activities WHERE id = $1`, [id])).part,
    ).toBe(`activities_${five.suffix}`);
    expect(await ensurePartitions(database.url, 6)).toEqual([]);
  });

  it('ensurePartitions run concurrently by several nodes creates each partition once', async () => {
    const results = await Promise.all([1, 2, 3].map(() => ensurePartitions(database.url, 9)));
    const created = results.flat().sort();
    expect(created).toEqual(
      [7, 8, 9]
        .flatMap((i) => [`activities_${monthName(i).suffix}`, `audit_logs_${monthName(i).suffix}`])
        .sort(),
    );
  });

  it('detachOldPartitions detaches months older than the kept window and can drop them', async () => {
    await sql(
      `CREATE TABLE activities_2020_01 PARTITION OF activities FOR VALUES FROM ('2020-01-01T00:00:00Z') TO ('2020-02-01T00:00:00Z')`,
    );
    await sql(
      `CREATE TABLE activities_2020_02 PARTITION OF activities FOR VALUES FROM ('2020-02-01T00:00:00Z') TO ('2020-03-01T00:00:00Z')`,
    );
    await sql(
      `INSERT INTO activities (user_id, activity_type, created_at) VALUES ($1, 'model_added', '2020-01-10T00:00:00Z')`,
      [alice],
    );
    expect(await detachOldPartitions(database.url, 'activities', 12)).toEqual([
      'activities_2020_01',
      'activities_2020_02',
    ]);
    expect(await sql(`SELECT 1 FROM activities WHERE created_at < '2021-01-01'`)).toHaveLength(0);
    expect(await sql(`SELECT 1 FROM activities_2020_01`)).toHaveLength(1); // kept for archiving
    // Current and future partitions are never detached.
    expect(await detachOldPartitions(database.url, 'activities', 0, { drop: true })).toEqual([]);

    await sql(
      `ALTER TABLE activities ATTACH PARTITION activities_2020_01 FOR VALUES FROM ('2020-01-01T00:00:00Z') TO ('2020-02-01T00:00:00Z')`,
    );
    expect(await detachOldPartitions(database.db, 'activities', 1, { drop: true })).toEqual([
      'activities_2020_01',
    ]);
    expect(await one(`SELECT to_regclass('activities_2020_01') AS rel`)).toEqual({ rel: null });
  });
});

describe('views compute each aggregate on its own', () => {
  it('user_stats is exact for a user with several models, armies and followers (the design’s join would multiply)', async () => {
    const owner = await user();
    const [f1, f2, f3, f4] = await Promise.all([user(), user(), user(), user()]);
    // models: finished x2 @10 (faction via own column), unpainted x1 @20 (faction via catalogue), showcase_ready x5 no price/faction
    await userModel(owner, {
      name: 'A',
      quantity: 2,
      purchase_price: 10,
      painting_status: 'finished',
      faction_id: fac,
    });
    await userModel(owner, { model_id: cat2, name: null, quantity: 1, purchase_price: 20 });
    await userModel(owner, { name: 'C', quantity: 5, painting_status: 'showcase_ready' });
    await userModel(owner, { name: 'Wishlisted', quantity: 3, purchase_price: 99, is_wishlist: true }); // not owned: excluded
    await sql(`INSERT INTO armies (user_id, name) VALUES ($1, 'A1'), ($1, 'A2')`, [owner]);
    await sql(
      `INSERT INTO user_relationships (follower_id, following_id, relationship_type) VALUES
         ($2, $1, 'follow'), ($3, $1, 'follow'), ($4, $1, 'friend'), ($1, $4, 'friend'), ($1, $2, 'follow'), ($5, $1, 'blocked')`,
      [owner, f1, f2, f3, f4],
    );

    const stats = await one(`SELECT * FROM user_stats WHERE id = $1`, [owner]);
    expect(stats).toMatchObject({
      total_models: 3,
      total_quantity: 8,
      painted_models: 2,
      unpainted_models: 1,
      faction_count: 2,
      army_count: 2,
      total_spent: '40.00', // 2 x 10 + 1 x 20
      unpainted_value: '20.00',
      follower_count: 3, // two follows and a friend; the block is not a follower
      following_count: 2,
    });

    // The design's single GROUP BY over all joins, on the same data, gets it wrong — the fixture discriminates.
    const naive = await one(
      `SELECT COUNT(m.id)::int AS total_models, COUNT(DISTINCT a.id)::int AS army_count
       FROM users u
       LEFT JOIN user_models m ON u.id = m.user_id AND NOT m.is_wishlist
       LEFT JOIN armies a ON u.id = a.user_id
       LEFT JOIN user_relationships f ON u.id = f.following_id
       LEFT JOIN user_relationships fo ON u.id = fo.follower_id
       WHERE u.id = $1 GROUP BY u.id`,
      [owner],
    );
    expect(naive.total_models).not.toBe(3);
  });

  it('user_stats has a row of zeros for a user with nothing', async () => {
    const empty = await user();
    expect(
      await one(
        `SELECT total_models, army_count, total_spent, follower_count FROM user_stats WHERE id = $1`,
        [empty],
      ),
    ).toEqual({ total_models: 0, army_count: 0, total_spent: '0', follower_count: 0 });
  });

  it('popular_models counts likes and comments exactly and lists only public items of public, active users', async () => {
    const owner = await user();
    const item = await userModel(owner, { name: 'Showpiece' });
    const hidden = await userModel(owner, { name: 'Hidden', is_public: false });
    const likers = await Promise.all([user(), user()]);
    for (const liker of likers)
      await sql(`INSERT INTO model_likes (user_id, user_model_id) VALUES ($1, $2)`, [liker, item]);
    for (const text of ['a', 'b', 'c'])
      await sql(`INSERT INTO comments (user_id, user_model_id, content) VALUES ($1, $2, $3)`, [
        likers[0],
        item,
        text,
      ]);

    expect(
      await one(
        `SELECT name, owner_username IS NOT NULL AS has_owner, like_count, comment_count FROM popular_models WHERE id = $1`,
        [item],
      ),
    ).toEqual({ name: 'Showpiece', has_owner: true, like_count: 2, comment_count: 3 });
    expect(await sql(`SELECT 1 FROM popular_models WHERE id = $1`, [hidden])).toHaveLength(0);

    const recluse = await user(undefined, { privacy: 'private' });
    const secret = await userModel(recluse, { name: 'Secret' });
    expect(await sql(`SELECT 1 FROM popular_models WHERE id = $1`, [secret])).toHaveLength(0);

    const catalogued = await userModel(owner, { model_id: cat, name: null });
    expect(await one(`SELECT name, faction_id FROM popular_models WHERE id = $1`, [catalogued])).toEqual({
      name: 'Liberators',
      faction_id: fac,
    });
  });

  it('faction_stats refreshes CONCURRENTLY while being read, with exact figures', async () => {
    const gsx = (
      await one<{ id: string }>(
        `INSERT INTO game_systems (name, slug) VALUES ('Kill Team', 'kill-team') RETURNING id`,
      )
    ).id;
    const fx = (
      await one<{ id: string }>(
        `INSERT INTO factions (game_system_id, name, slug) VALUES ($1, 'Kommandos', 'kommandos') RETURNING id`,
        [gsx],
      )
    ).id;
    const catx = (
      await one<{ id: string }>(
        `INSERT INTO models_catalog (name, slug, faction_id) VALUES ('Kommando Boyz', 'kommando-boyz', $1) RETURNING id`,
        [fx],
      )
    ).id;
    const p = await user();
    const q2 = await user();
    await userModel(p, { faction_id: fx, painting_status: 'finished' });
    await userModel(p, { model_id: catx, name: null }); // faction through the catalogue
    await userModel(q2, { faction_id: fx, painting_status: 'primed' });
    await userModel(q2, { faction_id: fx, painting_status: 'showcase_ready', is_wishlist: true }); // excluded

    const reader = pool.query(`SELECT count(*) FROM faction_stats`);
    await sql(`REFRESH MATERIALIZED VIEW CONCURRENTLY faction_stats`);
    await reader;
    expect(
      await one(`SELECT model_count, user_count, avg_painted_ratio FROM faction_stats WHERE id = $1`, [fx]),
    ).toEqual({ model_count: 3, user_count: 2, avg_painted_ratio: '0.3333' });

    await userModel(q2, { faction_id: fx, painting_status: 'showcase_ready' });
    await sql(`REFRESH MATERIALIZED VIEW CONCURRENTLY faction_stats`);
    expect(
      await one(`SELECT model_count, user_count, avg_painted_ratio FROM faction_stats WHERE id = $1`, [fx]),
    ).toEqual({ model_count: 4, user_count: 2, avg_painted_ratio: '0.5000' });
    expect(
      await one(
        `SELECT model_count FROM faction_stats WHERE id = (SELECT id FROM factions WHERE slug = 'kommandos')`,
      ),
    ).toEqual({ model_count: 4 });
  });
});
