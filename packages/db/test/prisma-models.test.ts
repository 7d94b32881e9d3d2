import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../src/generated/prisma/client.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

// schema.prisma is written by hand next to the SQL migrations. These tests prove the two agree:
// every model reads a real row (every column decoded, every relation joined), every table has a model
// with exactly the table's columns, and writes through Prisma work.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.$executeRawUnsafe(SEED);
  await database.db.$executeRawUnsafe('REFRESH MATERIALIZED VIEW faction_stats');
});
afterAll(() => database?.drop());

interface RuntimeField {
  name: string;
  kind: 'scalar' | 'enum' | 'object' | 'unsupported';
  dbName?: string | null;
}
interface RuntimeModel {
  dbName: string | null;
  fields: RuntimeField[];
}
function runtimeModels(): Record<string, RuntimeModel> {
  // The client's own data model (DMMF subset) — the same one it builds queries from.
  return (database.db as unknown as { _runtimeDataModel: { models: Record<string, RuntimeModel> } })
    ._runtimeDataModel.models;
}
const delegateName = (model: string) => model.charAt(0).toLowerCase() + model.slice(1);
type AnyDelegate = { findFirst(args?: object): Promise<unknown> };
const delegate = (model: string) =>
  (database.db as unknown as Record<string, AnyDelegate>)[delegateName(model)]!;

/** Columns Prisma maps as Unsupported(...) — not part of the client's data model. */
const UNSUPPORTED_COLUMNS: Record<string, string[]> = { models_catalog: ['search_vector'] };
const VIEWS = ['UserStat', 'PopularModel', 'FactionStat'];

const EXPECTED_MODELS = [
  'User',
  'OAuthProvider',
  'UserDevice',
  'Session',
  'RefreshToken',
  'UserToken',
  'GameSystem',
  'Faction',
  'CatalogModel',
  'UserModel',
  'PaintingStatusHistory',
  'PaintingSession',
  'ModelPhoto',
  'CustomField',
  'ModelCustomField',
  'AiColorScheme',
  'AiRecommendation',
  'Retailer',
  'CurrentPrice',
  'PriceHistory',
  'PriceAlert',
  'UserRelationship',
  'FriendRequest',
  'BattleReport',
  'BattleReportLike',
  'HelpRequest',
  'HelpAnswer',
  'HelpUpvote',
  'Conversation',
  'ConversationParticipant',
  'Message',
  'MessageReaction',
  'Army',
  'ArmyModel',
  'ModelLike',
  'Comment',
  'Wishlist',
  'WishlistItem',
  'Activity',
  'Notification',
  'Achievement',
  'UserAchievement',
  'AppSetting',
  'AuditLog',
  'StreamEvent',
  'UserStat',
  'PopularModel',
  'FactionStat',
];

describe('schema.prisma agrees with the migrated database', () => {
  it('declares exactly the expected models and views', () => {
    expect(Object.keys(Prisma.ModelName).sort()).toEqual([...EXPECTED_MODELS].sort());
  });

  it.each(EXPECTED_MODELS)('%s: findFirst reads a seeded row', async (model) => {
    const row = await delegate(model).findFirst();
    expect(row).not.toBeNull();
  });

  it.each(EXPECTED_MODELS.filter((m) => !VIEWS.includes(m)))(
    '%s: every relation can be joined',
    async (model) => {
      const fields = runtimeModels()[model]!.fields;
      const relations = fields.filter((f) => f.kind === 'object').map((f) => f.name);
      const include = Object.fromEntries(relations.map((name) => [name, true]));
      const row = await delegate(model).findFirst(relations.length ? { include } : undefined);
      expect(row).not.toBeNull();
    },
  );

  it('every table and view has a model whose fields are exactly its columns', async () => {
    const rows = await database.db.$queryRaw<{ relation: string; columns: string[] }[]>`
      SELECT c.relname AS relation, array_agg(a.attname::text ORDER BY a.attname) AS columns
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition AND c.relname <> '_prisma_migrations'
      GROUP BY c.relname`;
    const fromDatabase = Object.fromEntries(rows.map((r) => [r.relation, [...r.columns].sort()]));
    const fromPrisma = Object.fromEntries(
      Object.entries(runtimeModels()).map(([name, model]) => [
        model.dbName ?? name,
        [
          ...model.fields
            .filter((f) => f.kind === 'scalar' || f.kind === 'enum')
            .map((f) => f.dbName ?? f.name),
          ...(UNSUPPORTED_COLUMNS[model.dbName ?? name] ?? []),
        ].sort(),
      ]),
    );
    expect(Object.keys(fromPrisma).sort()).toEqual(Object.keys(fromDatabase).sort());
    expect(fromPrisma).toEqual(fromDatabase);
  });
});

describe('writing through Prisma', () => {
  it('creates a user and a user model (free-standing and catalogue-linked) with database defaults', async () => {
    const { db } = database;
    const user = await db.user.create({
      data: { email: 'prisma.writer@example.com', username: 'prisma_writer' },
    });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.privacySetting).toBe('public');
    expect(user.preferredGameSystems).toEqual([]);
    expect(user.createdAt).toBeInstanceOf(Date);

    const own = await db.userModel.create({
      data: {
        userId: user.id,
        name: 'Kitbashed Dreadnought',
        quantity: 2,
        purchasePrice: new Prisma.Decimal('12.50'),
      },
    });
    expect(own.paintingStatus).toBe('unpainted');
    expect(own.isPublic).toBe(true);
    expect(own.currency).toBe('USD');
    expect(own.purchasePrice?.toString()).toBe('12.5');

    const catalogue = await db.catalogModel.findFirstOrThrow();
    const linked = await db.userModel.create({
      data: {
        user: { connect: { id: user.id } },
        catalogModel: { connect: { id: catalogue.id } },
        paintingStatus: 'primed',
      },
      include: { catalogModel: true, paintingHistory: true },
    });
    expect(linked.name).toBeNull();
    expect(linked.catalogModel?.id).toBe(catalogue.id);
    // The painting-status history row is written by the database trigger.
    expect(linked.paintingHistory.map((h) => [h.fromStatus, h.toStatus])).toEqual([[null, 'primed']]);

    const updated = await db.userModel.update({
      where: { id: linked.id },
      data: { paintingStatus: 'finished' },
    });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(linked.updatedAt.getTime());
    const stats = await db.userStat.findUniqueOrThrow({ where: { id: user.id } });
    expect(stats).toMatchObject({ totalModels: 2, totalQuantity: 3, paintedModels: 1, unpaintedModels: 1 });
    expect(stats.totalSpent.toString()).toBe('25');
  });

  it('creates partitioned rows through Prisma with their composite primary key', async () => {
    const { db } = database;
    const user = await db.user.findFirstOrThrow({ where: { username: 'seed_alice' } });
    const activity = await db.activity.create({
      data: { userId: user.id, activityType: 'model_added', data: { x: 1 } },
    });
    const found = await db.activity.findUnique({
      where: { id_createdAt: { id: activity.id, createdAt: activity.createdAt } },
    });
    expect(found?.activityType).toBe('model_added');
    const log = await db.auditLog.create({
      data: { userId: user.id, action: 'user.login', ipAddress: '203.0.113.7' },
    });
    expect(log.ipAddress).toBe('203.0.113.7');
  });
});

// One row in every table, every nullable foreign key filled, so reads and joins exercise everything.
const SEED = `
DO $$
DECLARE
  alice uuid; bob uuid; gs uuid; fac uuid; cat uuid; um uuid; dev uuid; rt1 uuid; rt2 uuid; cf uuid; ret uuid;
  br uuid; hr uuid; ha uuid; conv uuid; msg uuid; army uuid; wl uuid; ach uuid; parent uuid;
BEGIN
  INSERT INTO users (email, username, password_hash) VALUES ('alice@example.com', 'seed_alice', 'x') RETURNING id INTO alice;
  INSERT INTO users (email, username) VALUES ('bob@example.com', 'seed_bob') RETURNING id INTO bob;
  INSERT INTO oauth_providers (user_id, provider, provider_user_id, email, access_token_encrypted)
    VALUES (alice, 'google', 'g-1', 'alice@example.com', 'v1:ciphertext');
  INSERT INTO user_devices (user_id, device_id, platform) VALUES (alice, 'phone-1', 'ios') RETURNING id INTO dev;
  INSERT INTO sessions (id, user_id, expires_at, ip_address, user_agent, device_id)
    VALUES (encode(sha256('token'::bytea), 'hex'), alice, now() + interval '30 days', '192.0.2.1', 'vitest', dev);
  INSERT INTO refresh_tokens (user_id, family_id, token_hash, device_id, expires_at)
    VALUES (alice, gen_random_uuid(), 'hash-2', dev, now() + interval '30 days') RETURNING id INTO rt2;
  INSERT INTO refresh_tokens (user_id, family_id, token_hash, replaced_by_id, device_id, expires_at, is_revoked, revoked_at, revoked_reason)
    VALUES (alice, gen_random_uuid(), 'hash-1', rt2, dev, now() + interval '30 days', TRUE, now(), 'rotated') RETURNING id INTO rt1;
  INSERT INTO user_tokens (user_id, purpose, token_hash, expires_at) VALUES (alice, 'password_reset', 'reset-hash', now() + interval '1 hour');
  INSERT INTO game_systems (name, slug, publisher) VALUES ('Warhammer 40,000', 'warhammer-40k', 'Games Workshop') RETURNING id INTO gs;
  INSERT INTO factions (game_system_id, name, slug) VALUES (gs, 'Space Marines', 'space-marines') RETURNING id INTO fac;
  INSERT INTO models_catalog (name, slug, faction_id, game_system_id, model_type, msrp, tags, description)
    VALUES ('Intercessors', 'intercessors', fac, gs, 'troop', 60.00, ARRAY['marine'], 'Line infantry') RETURNING id INTO cat;
  INSERT INTO user_models (user_id, model_id, faction_id, game_system_id, purchase_price, purchase_date, painting_status)
    VALUES (alice, cat, fac, gs, 55.00, CURRENT_DATE - 10, 'finished') RETURNING id INTO um;
  INSERT INTO painting_sessions (user_model_id, minutes, notes) VALUES (um, 90, 'base coats');
  INSERT INTO model_photos (user_model_id, storage_key, mime_type, url, width, height, file_size)
    VALUES (um, 'k/abc.webp', 'image/webp', 'https://cdn.example.com/k/abc.webp', 800, 600, 12345);
  INSERT INTO custom_fields (user_id, name, field_type, options) VALUES (alice, 'Box', 'dropdown', '["A","B"]') RETURNING id INTO cf;
  INSERT INTO model_custom_fields (user_model_id, custom_field_id, value) VALUES (um, cf, '"A"');
  INSERT INTO ai_color_schemes (name, model_id, faction_id, primary_colors, lore_accuracy) VALUES ('Ultramar', cat, fac, '["blue"]', 0.9);
  INSERT INTO ai_recommendations (user_id, model_id, recommendation_type, confidence_score) VALUES (alice, cat, 'trending', 0.5);
  INSERT INTO retailers (name, domain, country_code, currency) VALUES ('Shop', 'shop.example.com', 'GB', 'GBP') RETURNING id INTO ret;
  INSERT INTO current_prices (model_id, retailer_id, price, currency) VALUES (cat, ret, 50.00, 'GBP');
  INSERT INTO price_history (model_id, retailer_id, price, currency) VALUES (cat, ret, 50.00, 'GBP');
  INSERT INTO price_alerts (user_id, model_id, target_price) VALUES (alice, cat, 40.00);
  INSERT INTO user_relationships (follower_id, following_id) VALUES (bob, alice);
  INSERT INTO friend_requests (requester_id, addressee_id) VALUES (alice, bob);
  INSERT INTO battle_reports (user_id, title, game_system_id, my_army, opponent_army, opponent_user_id, result)
    VALUES (alice, 'First blood', gs, '{}', '{}', bob, 'victory') RETURNING id INTO br;
  INSERT INTO battle_report_likes (user_id, battle_report_id) VALUES (bob, br);
  INSERT INTO help_requests (user_id, type, title, description) VALUES (alice, 'painting', 'Blending?', 'How?') RETURNING id INTO hr;
  INSERT INTO help_answers (help_request_id, user_id, content) VALUES (hr, bob, 'Thin your paints') RETURNING id INTO ha;
  UPDATE help_requests SET best_answer_id = ha, answer_count = 1 WHERE id = hr;
  INSERT INTO help_upvotes (user_id, help_answer_id) VALUES (alice, ha);
  INSERT INTO help_upvotes (user_id, help_request_id) VALUES (bob, hr);
  INSERT INTO conversations (type, created_by_id, direct_key) VALUES ('direct', alice, LEAST(alice, bob)::text || ':' || GREATEST(alice, bob)::text) RETURNING id INTO conv;
  INSERT INTO conversations (type, name, created_by_id, help_request_id) VALUES ('help_thread', 'Blending', bob, hr);
  INSERT INTO conversation_participants (conversation_id, user_id) VALUES (conv, alice), (conv, bob);
  INSERT INTO messages (conversation_id, user_id, content) VALUES (conv, alice, 'hi') RETURNING id INTO msg;
  INSERT INTO messages (conversation_id, user_id, content, reply_to_id) VALUES (conv, bob, 'hello', msg);
  INSERT INTO message_reactions (message_id, user_id, emoji) VALUES (msg, bob, '👍');
  INSERT INTO stream_events (stream_key, seq, event_type, payload) VALUES ('conversation:' || conv, 1, 'message.created', jsonb_build_object('messageId', msg));
  INSERT INTO armies (user_id, name, faction_id, game_system_id, points_limit) VALUES (alice, 'Strike force', fac, gs, 2000) RETURNING id INTO army;
  INSERT INTO army_models (army_id, user_model_id, quantity) VALUES (army, um, 1);
  INSERT INTO model_likes (user_id, user_model_id) VALUES (bob, um);
  INSERT INTO comments (user_id, user_model_id, content) VALUES (bob, um, 'Lovely') RETURNING id INTO parent;
  INSERT INTO comments (user_id, user_model_id, content, parent_comment_id) VALUES (alice, um, 'Thanks', parent);
  INSERT INTO comments (user_id, battle_report_id, content) VALUES (bob, br, 'GG');
  INSERT INTO wishlists (user_id, is_default, share_token) VALUES (alice, TRUE, 'share-token-0123456789') RETURNING id INTO wl;
  INSERT INTO wishlist_items (wishlist_id, model_id, name, faction_id, game_system_id) VALUES (wl, cat, 'Intercessors', fac, gs);
  INSERT INTO activities (user_id, activity_type, entity_type, entity_id) VALUES (alice, 'model_added', 'user_model', um);
  INSERT INTO notifications (user_id, type, title) VALUES (alice, 'like', 'Bob liked your model');
  INSERT INTO achievements (name, description, category, criteria) VALUES ('First model', 'Add a model', 'collection', '{}') RETURNING id INTO ach;
  INSERT INTO user_achievements (user_id, achievement_id) VALUES (alice, ach);
  INSERT INTO audit_logs (user_id, action, table_name, record_id, ip_address) VALUES (alice, 'user.login', 'users', alice, '192.0.2.1');
END $$;
`;
