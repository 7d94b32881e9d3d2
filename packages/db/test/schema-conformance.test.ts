import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

// The live catalogue of a freshly migrated database, compared with the data model written out below
// (database-design.md reconciled per DESIGN.md §3; decisions in docs/DATA-MODEL.md). The expectations
// are literal data, not read from the database, so any drift in the migration fails here.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

const q = <T>(sql: string) => database.db.$queryRawUnsafe<T[]>(sql);

// ---------------------------------------------------------------------------------------------
// Expected structure. Columns: "name type", "!" = NOT NULL.
// ---------------------------------------------------------------------------------------------
const TABLES: Record<string, string> = {
  users: `id uuid!, email varchar(255)!, username varchar(50)!, password_hash varchar(255), first_name varchar(100),
    last_name varchar(100), bio text, location varchar(255), avatar_url varchar(500), email_verified boolean!,
    is_active boolean!, is_admin boolean!, is_premium boolean!, privacy_setting privacy_level!,
    experience_level experience_level!, preferred_game_systems text[]!, preferred_paint_brands text[]!,
    notification_preferences jsonb!, ai_preferences jsonb!, created_at timestamptz!, updated_at timestamptz!,
    last_login_at timestamptz, last_sync_at timestamptz, deletion_scheduled_at timestamptz`,
  oauth_providers: `id uuid!, user_id uuid!, provider varchar(50)!, provider_user_id varchar(255)!, email varchar(255),
    access_token_encrypted text, refresh_token_encrypted text, expires_at timestamptz, created_at timestamptz!,
    updated_at timestamptz!`,
  user_devices: `id uuid!, user_id uuid!, device_id varchar(255)!, platform device_platform!, app_version varchar(20),
    os_version varchar(20), push_token text, push_enabled boolean!, last_seen_at timestamptz!, created_at timestamptz!`,
  sessions: `id text!, user_id uuid!, expires_at timestamptz!, created_at timestamptz!, last_used_at timestamptz!,
    ip_address inet, user_agent text, device_id uuid, sliding boolean!, refresh_family_id uuid`,
  refresh_tokens: `id uuid!, user_id uuid!, family_id uuid!, token_hash varchar(255)!, replaced_by_id uuid, device_id uuid,
    expires_at timestamptz!, is_revoked boolean!, revoked_at timestamptz, revoked_reason token_revocation_reason,
    ip_address inet, user_agent text, created_at timestamptz!, last_used_at timestamptz`,
  user_tokens: `id uuid!, user_id uuid!, purpose user_token_purpose!, token_hash varchar(255)!, email varchar(255),
    expires_at timestamptz!, used_at timestamptz, created_at timestamptz!`,
  game_systems: `id uuid!, name varchar(255)!, slug varchar(100)!, publisher varchar(255), created_at timestamptz!,
    updated_at timestamptz!`,
  factions: `id uuid!, game_system_id uuid!, name varchar(255)!, slug varchar(100)!, created_at timestamptz!,
    updated_at timestamptz!`,
  models_catalog: `id uuid!, name varchar(255)!, slug varchar(255)!, faction_id uuid, game_system_id uuid,
    manufacturer varchar(100), model_type model_type_enum, msrp numeric(10,2), currency varchar(3)!, release_date date,
    discontinued boolean!, barcode varchar(50), description text, lore_description text, images jsonb!, dimensions jsonb,
    base_size varchar(20), points_value integer, rules_text text, tags text[]!, ai_metadata jsonb!, search_vector tsvector,
    created_at timestamptz!, updated_at timestamptz!`,
  user_models: `id uuid!, user_id uuid!, model_id uuid, name varchar(255), faction_id uuid, game_system_id uuid,
    points_value integer, quantity integer!, purchase_price numeric(10,2), currency varchar(3)!, purchase_date date,
    purchase_location varchar(255), painting_status painting_status!, painting_start_date date,
    painting_completion_date date, painting_time_minutes integer!, skill_assessment jsonb, color_scheme jsonb,
    techniques_used text[]!, notes text, tags text[]!, ai_generated_tags text[]!, is_showcase boolean!,
    is_wishlist boolean!, is_public boolean!, condition condition_enum!, location varchar(100), like_count integer!,
    comment_count integer!, created_at timestamptz!, updated_at timestamptz!`,
  painting_status_history: `id uuid!, user_model_id uuid!, from_status painting_status, to_status painting_status!,
    changed_at timestamptz!`,
  painting_sessions: `id uuid!, user_model_id uuid!, minutes integer!, painted_on date!, notes text, created_at timestamptz!`,
  model_photos: `id uuid!, user_model_id uuid!, storage_key varchar(255)!, thumbnail_storage_key varchar(255),
    mime_type varchar(100)!, url varchar(500)!, thumbnail_url varchar(500), caption text, sort_order integer!,
    file_size integer, width integer, height integer, uploaded_at timestamptz!`,
  custom_fields: `id uuid!, user_id uuid!, name varchar(100)!, field_type custom_field_type!, options jsonb,
    is_required boolean!, created_at timestamptz!`,
  model_custom_fields: `user_model_id uuid!, custom_field_id uuid!, value jsonb!`,
  ai_color_schemes: `id uuid!, name varchar(255)!, model_id uuid, faction_id uuid, primary_colors jsonb!,
    secondary_colors jsonb, accent_colors jsonb, techniques text[]!, difficulty_level difficulty_enum,
    estimated_time_minutes integer, lore_accuracy numeric(3,2), popularity_score numeric(3,2), ai_confidence numeric(3,2),
    tutorial_links text[]!, created_by ai_source_enum, user_ratings jsonb!, usage_count integer!, created_at timestamptz!`,
  ai_recommendations: `id uuid!, user_id uuid!, model_id uuid!, recommendation_type recommendation_type_enum!, reason text,
    confidence_score numeric(3,2), priority_score numeric(3,2), estimated_value numeric(10,2), context jsonb,
    expires_at timestamptz, clicked boolean!, purchased boolean!, dismissed boolean!, created_at timestamptz!`,
  retailers: `id uuid!, name varchar(255)!, domain varchar(255)!, country_code varchar(2), currency varchar(3),
    affiliate_program boolean!, scraping_enabled boolean!, api_integration boolean!, reliability_score numeric(3,2)!,
    last_scraped_at timestamptz, created_at timestamptz!`,
  current_prices: `id uuid!, model_id uuid!, retailer_id uuid!, price numeric(10,2)!, currency varchar(3)!,
    stock_status stock_status_enum!, product_url text, last_updated timestamptz!, is_on_sale boolean!,
    discount_percentage numeric(5,2)`,
  price_history: `id uuid!, model_id uuid!, retailer_id uuid!, price numeric(10,2)!, currency varchar(3)!,
    stock_status stock_status_enum!, recorded_at timestamptz!`,
  price_alerts: `id uuid!, user_id uuid!, model_id uuid!, target_price numeric(10,2)!, currency varchar(3)!,
    operator alert_operator!, notification_methods text[]!, is_active boolean!, triggered_count integer!,
    last_triggered_at timestamptz, expires_at timestamptz, created_at timestamptz!`,
  user_relationships: `id uuid!, follower_id uuid!, following_id uuid!, relationship_type relationship_type_enum!,
    created_at timestamptz!`,
  friend_requests: `id uuid!, requester_id uuid!, addressee_id uuid!, status friend_request_status!, message varchar(500),
    created_at timestamptz!, responded_at timestamptz`,
  battle_reports: `id uuid!, user_id uuid!, title varchar(255)!, game_system_id uuid, points_limit integer, my_army jsonb!,
    opponent_army jsonb!, opponent_user_id uuid, result battle_result_enum, my_score integer, opponent_score integer,
    duration_minutes integer, location varchar(255), battle_date date!, narrative text, highlights jsonb!, photos jsonb!,
    tags text[]!, visibility privacy_level!, like_count integer!, comment_count integer!, view_count integer!,
    created_at timestamptz!, updated_at timestamptz!`,
  battle_report_likes: `user_id uuid!, battle_report_id uuid!, created_at timestamptz!`,
  help_requests: `id uuid!, user_id uuid!, type help_type_enum!, title varchar(255)!, description text!, photos jsonb!,
    tags text[]!, experience_level experience_level, urgency urgency_level!, status help_status_enum!, best_answer_id uuid,
    view_count integer!, upvote_count integer!, answer_count integer!, resolved_at timestamptz, created_at timestamptz!,
    updated_at timestamptz!`,
  help_answers: `id uuid!, help_request_id uuid!, user_id uuid!, content text!, photos jsonb!, upvote_count integer!,
    created_at timestamptz!, updated_at timestamptz!`,
  help_upvotes: `id uuid!, user_id uuid!, help_request_id uuid, help_answer_id uuid, created_at timestamptz!`,
  conversations: `id uuid!, type conversation_type_enum!, name varchar(255), description text, created_by_id uuid,
    last_message_at timestamptz!, is_active boolean!, created_at timestamptz!, help_request_id uuid,
    direct_key varchar(73)`,
  conversation_participants: `id uuid!, conversation_id uuid!, user_id uuid!, joined_at timestamptz!,
    last_read_at timestamptz!, is_active boolean!, role participant_role!`,
  messages: `id uuid!, conversation_id uuid!, user_id uuid!, content text!, message_type message_type_enum!,
    reply_to_id uuid, attachments jsonb!, edited_at timestamptz, deleted_at timestamptz, created_at timestamptz!`,
  message_reactions: `message_id uuid!, user_id uuid!, emoji varchar(32)!, created_at timestamptz!`,
  stream_events: `stream_key varchar(100)!, seq bigint!, event_type varchar(50)!, payload jsonb!, created_at timestamptz!`,
  armies: `id uuid!, user_id uuid!, name varchar(255)!, faction_id uuid, game_system_id uuid, description text,
    points_limit integer, is_public boolean!, created_at timestamptz!, updated_at timestamptz!`,
  army_models: `id uuid!, army_id uuid!, user_model_id uuid!, quantity integer!, notes text, added_at timestamptz!`,
  model_likes: `user_id uuid!, user_model_id uuid!, created_at timestamptz!`,
  comments: `id uuid!, user_id uuid!, user_model_id uuid, battle_report_id uuid, content text!, parent_comment_id uuid,
    is_edited boolean!, created_at timestamptz!, updated_at timestamptz!`,
  wishlists: `id uuid!, user_id uuid!, name varchar(255)!, description text, is_default boolean!, is_public boolean!,
    share_token varchar(64), created_at timestamptz!, updated_at timestamptz!`,
  wishlist_items: `id uuid!, wishlist_id uuid!, model_id uuid, name varchar(255)!, faction_id uuid, game_system_id uuid,
    quantity integer!, estimated_price numeric(10,2), currency varchar(3)!, priority wishlist_priority!, notes text,
    product_url varchar(500), purchased_at timestamptz, created_at timestamptz!, updated_at timestamptz!`,
  activities: `id uuid!, user_id uuid!, activity_type activity_type!, entity_type varchar(50), entity_id uuid, data jsonb,
    created_at timestamptz!`,
  notifications: `id uuid!, user_id uuid!, type notification_type!, title varchar(255)!, message text, data jsonb,
    is_read boolean!, created_at timestamptz!, read_at timestamptz`,
  achievements: `id uuid!, name varchar(100)!, description text!, icon_url varchar(500), category achievement_category,
    points integer!, criteria jsonb!, is_active boolean!, created_at timestamptz!`,
  user_achievements: `user_id uuid!, achievement_id uuid!, earned_at timestamptz!, progress jsonb`,
  app_settings: `key varchar(100)!, value jsonb!, description text, updated_at timestamptz!`,
  audit_logs: `id uuid!, user_id uuid, action varchar(100)!, table_name varchar(100), record_id uuid, old_values jsonb,
    new_values jsonb, ip_address inet, user_agent text, created_at timestamptz!`,
};

const PARTITIONED = ['activities', 'audit_logs'];

const ENUMS: Record<string, string[]> = {
  privacy_level: ['public', 'friends', 'private'],
  experience_level: ['beginner', 'intermediate', 'advanced', 'expert'],
  device_platform: ['ios', 'android', 'web'],
  user_token_purpose: ['email_verification', 'password_reset'],
  token_revocation_reason: ['rotated', 'logout', 'reuse_detected', 'password_changed', 'admin_revoked'],
  model_type_enum: [
    'character',
    'troop',
    'elite',
    'fast_attack',
    'heavy_support',
    'dedicated_transport',
    'lord_of_war',
    'fortification',
  ],
  painting_status: [
    'unpainted',
    'primed',
    'basecoated',
    'shaded',
    'highlighted',
    'detailed',
    'finished',
    'showcase_ready',
  ],
  condition_enum: ['new', 'like_new', 'good', 'fair', 'poor'],
  custom_field_type: ['text', 'number', 'date', 'boolean', 'dropdown', 'multiselect'],
  difficulty_enum: ['beginner', 'intermediate', 'advanced', 'expert'],
  ai_source_enum: ['gpt4', 'custom_model', 'community', 'official'],
  recommendation_type_enum: [
    'army_completion',
    'similar_interest',
    'price_drop',
    'trending',
    'seasonal',
    'skill_progression',
  ],
  stock_status_enum: ['in_stock', 'limited', 'out_of_stock', 'pre_order', 'unknown'],
  alert_operator: ['lte', 'gte', 'eq'],
  relationship_type_enum: ['follow', 'friend', 'blocked'],
  friend_request_status: ['pending', 'accepted', 'declined', 'cancelled'],
  battle_result_enum: ['victory', 'defeat', 'draw'],
  help_type_enum: ['painting', 'army_building', 'rules', 'general'],
  urgency_level: ['low', 'medium', 'high'],
  help_status_enum: ['open', 'answered', 'resolved', 'closed'],
  conversation_type_enum: ['direct', 'group', 'help_thread'],
  participant_role: ['admin', 'moderator', 'member'],
  message_type_enum: ['text', 'image', 'model_share', 'battle_report_share'],
  wishlist_priority: ['low', 'medium', 'high', 'urgent'],
  activity_type: [
    'model_added',
    'model_updated',
    'model_painted',
    'army_created',
    'comment_added',
    'user_followed',
    'achievement_earned',
    'photo_added',
    'battle_report_posted',
    'help_request_posted',
    'friend_added',
  ],
  notification_type: [
    'like',
    'comment',
    'follow',
    'achievement',
    'system',
    'reminder',
    'friend_request',
    'friend_accepted',
    'message',
    'price_alert',
    'help_answer',
  ],
  achievement_category: ['collection', 'painting', 'social', 'milestone'],
};

/** Every index of every table and of the materialized view (primary keys and unique constraints included). */
const INDEXES: Record<string, string[]> = {
  users: [
    'users_pkey',
    'users_email_key',
    'users_username_key',
    'idx_users_email_lower',
    'idx_users_username_lower',
    'idx_users_created_at',
    'idx_users_active',
    'idx_users_premium',
    'idx_users_game_systems',
    'idx_users_deletion_scheduled_at',
  ],
  oauth_providers: [
    'oauth_providers_pkey',
    'oauth_providers_provider_provider_user_id_key',
    'idx_oauth_user_id',
  ],
  user_devices: ['user_devices_pkey', 'user_devices_user_id_device_id_key', 'idx_devices_platform'],
  sessions: [
    'sessions_pkey',
    'idx_sessions_user_id',
    'idx_sessions_expires_at',
    'idx_sessions_device_id',
    'idx_sessions_refresh_family_id',
  ],
  refresh_tokens: [
    'refresh_tokens_pkey',
    'refresh_tokens_token_hash_key',
    'refresh_tokens_replaced_by_id_key',
    'idx_refresh_tokens_user_id',
    'idx_refresh_tokens_family_id',
    'idx_refresh_tokens_expires',
    'idx_refresh_tokens_device_id',
  ],
  user_tokens: [
    'user_tokens_pkey',
    'user_tokens_token_hash_key',
    'idx_user_tokens_user_purpose',
    'idx_user_tokens_expires_at',
  ],
  game_systems: ['game_systems_pkey', 'game_systems_slug_key'],
  factions: ['factions_pkey', 'factions_game_system_id_slug_key'],
  models_catalog: [
    'models_catalog_pkey',
    'models_catalog_slug_key',
    'idx_models_name',
    'idx_models_name_trgm',
    'idx_models_faction',
    'idx_models_game_system',
    'idx_models_search',
    'idx_models_tags',
    'idx_models_barcode',
  ],
  user_models: [
    'user_models_pkey',
    'idx_user_models_user_id',
    'idx_user_models_model_id',
    'idx_user_models_faction_id',
    'idx_user_models_game_system_id',
    'idx_user_models_painting_status',
    'idx_user_models_created_at',
    'idx_user_models_showcase',
    'idx_user_models_wishlist',
    'idx_user_models_public',
    'idx_user_models_tags',
    'idx_user_models_search',
    'idx_user_models_user_created',
    'idx_user_models_user_status',
    'idx_user_models_user_faction',
    'idx_user_models_user_game_system',
    'idx_user_models_user_model',
  ],
  painting_status_history: ['painting_status_history_pkey', 'idx_painting_status_history_user_model'],
  painting_sessions: ['painting_sessions_pkey', 'idx_painting_sessions_user_model'],
  model_photos: ['model_photos_pkey', 'model_photos_storage_key_key', 'idx_model_photos_sort_order'],
  custom_fields: ['custom_fields_pkey', 'custom_fields_user_id_name_key'],
  model_custom_fields: ['model_custom_fields_pkey', 'idx_model_custom_fields_custom_field_id'],
  ai_color_schemes: [
    'ai_color_schemes_pkey',
    'idx_color_schemes_model',
    'idx_color_schemes_faction',
    'idx_color_schemes_difficulty',
    'idx_color_schemes_popularity',
  ],
  ai_recommendations: [
    'ai_recommendations_pkey',
    'idx_recommendations_user',
    'idx_recommendations_type',
    'idx_recommendations_active',
    'idx_recommendations_model',
  ],
  retailers: ['retailers_pkey', 'retailers_domain_key'],
  current_prices: [
    'current_prices_pkey',
    'current_prices_model_id_retailer_id_key',
    'idx_current_prices_retailer',
    'idx_current_prices_updated',
    'idx_current_prices_sale',
  ],
  price_history: [
    'price_history_pkey',
    'idx_price_history_model_recorded_at',
    'idx_price_history_retailer_recorded_at',
  ],
  price_alerts: [
    'price_alerts_pkey',
    'idx_price_alerts_user',
    'idx_price_alerts_model',
    'idx_price_alerts_active',
  ],
  user_relationships: [
    'user_relationships_pkey',
    'user_relationships_follower_id_following_id_key',
    'idx_relationships_following',
    'idx_relationships_type',
  ],
  friend_requests: [
    'friend_requests_pkey',
    'idx_friend_requests_pending_pair',
    'idx_friend_requests_addressee',
    'idx_friend_requests_requester',
  ],
  battle_reports: [
    'battle_reports_pkey',
    'idx_battle_reports_user',
    'idx_battle_reports_date',
    'idx_battle_reports_game_system',
    'idx_battle_reports_visibility',
    'idx_battle_reports_opponent',
  ],
  battle_report_likes: ['battle_report_likes_pkey', 'idx_battle_report_likes_battle_report_id'],
  help_requests: [
    'help_requests_pkey',
    'idx_help_requests_user',
    'idx_help_requests_type',
    'idx_help_requests_status',
    'idx_help_requests_tags',
  ],
  help_answers: ['help_answers_pkey', 'idx_help_answers_request', 'idx_help_answers_user'],
  help_upvotes: [
    'help_upvotes_pkey',
    'idx_help_upvotes_user_request',
    'idx_help_upvotes_user_answer',
    'idx_help_upvotes_request',
    'idx_help_upvotes_answer',
  ],
  conversations: [
    'conversations_pkey',
    'idx_conversations_created_by',
    'idx_conversations_last_message_at',
    'idx_conversations_help_request',
    'idx_conversations_direct_key',
  ],
  conversation_participants: [
    'conversation_participants_pkey',
    'conversation_participants_conversation_id_user_id_key',
    'idx_conversation_participants_user',
  ],
  messages: ['messages_pkey', 'idx_messages_conversation', 'idx_messages_user', 'idx_messages_reply_to'],
  message_reactions: ['message_reactions_pkey', 'idx_message_reactions_user'],
  stream_events: ['stream_events_pkey'],
  armies: ['armies_pkey', 'idx_armies_user_id', 'idx_armies_faction_id', 'idx_armies_public'],
  army_models: ['army_models_pkey', 'army_models_army_id_user_model_id_key', 'idx_army_models_user_model_id'],
  model_likes: ['model_likes_pkey', 'idx_model_likes_user_model_id', 'idx_model_likes_created_at'],
  comments: [
    'comments_pkey',
    'idx_comments_user_model_id',
    'idx_comments_battle_report_id',
    'idx_comments_user_id',
    'idx_comments_parent',
    'idx_comments_created_at',
  ],
  wishlists: [
    'wishlists_pkey',
    'wishlists_share_token_key',
    'idx_wishlists_user_id',
    'idx_wishlists_default',
  ],
  wishlist_items: [
    'wishlist_items_pkey',
    'idx_wishlist_items_wishlist_id',
    'idx_wishlist_items_priority',
    'idx_wishlist_items_model_id',
  ],
  activities: [
    'activities_pkey',
    'idx_activities_user_id',
    'idx_activities_type',
    'idx_activities_created_at',
    'idx_activities_entity',
  ],
  notifications: [
    'notifications_pkey',
    'idx_notifications_user_id',
    'idx_notifications_unread',
    'idx_notifications_created_at',
  ],
  achievements: ['achievements_pkey', 'achievements_name_key'],
  user_achievements: [
    'user_achievements_pkey',
    'idx_user_achievements_achievement_id',
    'idx_user_achievements_earned_at',
  ],
  app_settings: ['app_settings_pkey'],
  audit_logs: [
    'audit_logs_pkey',
    'idx_audit_logs_user_id',
    'idx_audit_logs_record',
    'idx_audit_logs_action',
    'idx_audit_logs_created_at',
  ],
  faction_stats: ['idx_faction_stats_id', 'idx_faction_stats_game_system'],
};

/** Indexes whose shape matters beyond their name: [index, fragments its definition must contain]. */
const INDEX_SHAPES: [string, string[]][] = [
  ['idx_conversations_direct_key', ['UNIQUE', '(direct_key)', 'WHERE (direct_key IS NOT NULL)']],
  ['idx_recommendations_active', ['(user_id, expires_at)', 'WHERE (dismissed = false)']],
  ['idx_models_search', ['USING gin (search_vector)']],
  ['idx_models_name_trgm', ['USING gin (name gin_trgm_ops)']],
  ['idx_models_tags', ['USING gin (tags)']],
  ['idx_users_game_systems', ['USING gin (preferred_game_systems)']],
  ['idx_user_models_tags', ['USING gin (tags)']],
  ['idx_user_models_search', ['USING gin (to_tsvector(']],
  ['idx_help_requests_tags', ['USING gin (tags)']],
  ['idx_users_email_lower', ['CREATE UNIQUE INDEX', 'lower((email)::text)']],
  ['idx_users_username_lower', ['CREATE UNIQUE INDEX', 'lower((username)::text)']],
  ['idx_users_active', ['WHERE (is_active = true)']],
  ['idx_users_premium', ['WHERE (is_premium = true)']],
  ['idx_users_deletion_scheduled_at', ['WHERE (deletion_scheduled_at IS NOT NULL)']],
  ['idx_user_models_showcase', ['WHERE (is_showcase = true)']],
  ['idx_user_models_wishlist', ['(user_id, is_wishlist)', 'WHERE (is_wishlist = true)']],
  ['idx_user_models_public', ['WHERE (is_public = true)']],
  [
    'idx_user_models_user_created',
    [
      '(user_id, created_at, id) INCLUDE (painting_status, condition, faction_id, game_system_id, model_id, is_public, is_showcase, quantity)',
      'WHERE (NOT is_wishlist)',
    ],
  ],
  ['idx_user_models_user_status', ['(user_id, painting_status, created_at, id)', 'WHERE (NOT is_wishlist)']],
  ['idx_user_models_user_faction', ['(user_id, faction_id)', 'WHERE (NOT is_wishlist)']],
  ['idx_user_models_user_game_system', ['(user_id, game_system_id)', 'WHERE (NOT is_wishlist)']],
  ['idx_user_models_user_model', ['(user_id, model_id)', 'WHERE (NOT is_wishlist)']],
  ['idx_current_prices_sale', ['WHERE (is_on_sale = true)']],
  ['idx_price_alerts_active', ['(is_active, expires_at)', 'WHERE (is_active = true)']],
  ['idx_armies_public', ['WHERE (is_public = true)']],
  ['idx_notifications_unread', ['(user_id, is_read)', 'WHERE (is_read = false)']],
  ['idx_wishlists_default', ['CREATE UNIQUE INDEX', '(user_id)', 'WHERE (is_default = true)']],
  [
    'idx_friend_requests_pending_pair',
    [
      'CREATE UNIQUE INDEX',
      'LEAST(requester_id, addressee_id)',
      'GREATEST(requester_id, addressee_id)',
      "WHERE (status = 'pending'",
    ],
  ],
  [
    'idx_help_upvotes_user_request',
    ['CREATE UNIQUE INDEX', '(user_id, help_request_id)', 'WHERE (help_request_id IS NOT NULL)'],
  ],
  [
    'idx_help_upvotes_user_answer',
    ['CREATE UNIQUE INDEX', '(user_id, help_answer_id)', 'WHERE (help_answer_id IS NOT NULL)'],
  ],
  ['idx_price_history_model_recorded_at', ['(model_id, recorded_at)']],
  ['idx_messages_conversation', ['(conversation_id, created_at DESC)']],
  ['idx_activities_user_id', ['(user_id, created_at DESC)']],
  ['idx_faction_stats_id', ['CREATE UNIQUE INDEX', '(id)']],
  ['idx_color_schemes_popularity', ['(popularity_score DESC)']],
  ['activities_pkey', ['(id, created_at)']],
  ['audit_logs_pkey', ['(id, created_at)']],
];

const CHECKS: Record<string, string[]> = {
  users: ['chk_users_valid_email', 'chk_users_username_format'],
  oauth_providers: ['chk_oauth_providers_provider_format'],
  sessions: ['chk_sessions_id_sha256_hex'],
  refresh_tokens: ['chk_refresh_tokens_not_self_replaced', 'chk_refresh_tokens_revocation'],
  user_tokens: ['chk_user_tokens_valid_email'],
  game_systems: ['chk_game_systems_slug_format'],
  factions: ['chk_factions_slug_format'],
  models_catalog: ['chk_models_catalog_msrp', 'chk_models_catalog_points', 'chk_models_catalog_currency'],
  user_models: [
    'chk_user_models_catalog_or_name',
    'chk_user_models_positive_quantity',
    'chk_user_models_positive_price',
    'chk_user_models_points',
    'chk_user_models_currency',
    'chk_user_models_painting_dates',
    'chk_user_models_painting_time',
    'chk_user_models_counters',
  ],
  painting_status_history: ['chk_painting_status_history_changed'],
  painting_sessions: ['chk_painting_sessions_minutes'],
  model_photos: [
    'chk_model_photos_mime_type',
    'chk_model_photos_sort_order',
    'chk_model_photos_file_size',
    'chk_model_photos_dimensions',
  ],
  custom_fields: ['chk_custom_fields_options'],
  ai_color_schemes: [
    'chk_ai_color_schemes_scores',
    'chk_ai_color_schemes_estimated_time',
    'chk_ai_color_schemes_usage_count',
  ],
  ai_recommendations: ['chk_ai_recommendations_scores', 'chk_ai_recommendations_estimated_value'],
  retailers: ['chk_retailers_country_code', 'chk_retailers_currency', 'chk_retailers_reliability_score'],
  current_prices: ['chk_current_prices_price', 'chk_current_prices_currency', 'chk_current_prices_discount'],
  price_history: ['chk_price_history_price', 'chk_price_history_currency'],
  price_alerts: [
    'chk_price_alerts_target_price',
    'chk_price_alerts_currency',
    'chk_price_alerts_triggered_count',
    'chk_price_alerts_notification_methods',
  ],
  user_relationships: ['chk_user_relationships_not_self'],
  friend_requests: ['chk_friend_requests_not_self', 'chk_friend_requests_responded'],
  battle_reports: [
    'chk_battle_reports_points_limit',
    'chk_battle_reports_scores',
    'chk_battle_reports_duration',
    'chk_battle_reports_not_self_opponent',
    'chk_battle_reports_counters',
  ],
  help_requests: ['chk_help_requests_counters', 'chk_help_requests_resolved_at'],
  help_answers: ['chk_help_answers_content', 'chk_help_answers_upvote_count'],
  help_upvotes: ['chk_help_upvotes_one_target'],
  messages: ['chk_messages_content_length'],
  message_reactions: ['chk_message_reactions_emoji'],
  conversations: ['chk_conversations_help_request', 'chk_conversations_direct_key'],
  stream_events: ['chk_stream_events_seq'],
  armies: ['chk_armies_points_limit'],
  army_models: ['chk_army_models_positive_quantity'],
  comments: ['chk_comments_one_target', 'chk_comments_content', 'chk_comments_not_own_parent'],
  wishlists: ['chk_wishlists_share_token'],
  wishlist_items: [
    'chk_wishlist_items_quantity',
    'chk_wishlist_items_estimated_price',
    'chk_wishlist_items_currency',
  ],
  notifications: ['chk_notifications_read_at'],
  achievements: ['chk_achievements_points'],
};

/** "table.column -> referenced_table ON DELETE rule" for every foreign key. */
const FOREIGN_KEYS = `
  activities.user_id -> users CASCADE
  ai_color_schemes.faction_id -> factions SET NULL
  ai_color_schemes.model_id -> models_catalog SET NULL
  ai_recommendations.model_id -> models_catalog CASCADE
  ai_recommendations.user_id -> users CASCADE
  armies.faction_id -> factions SET NULL
  armies.game_system_id -> game_systems SET NULL
  armies.user_id -> users CASCADE
  army_models.army_id -> armies CASCADE
  army_models.user_model_id -> user_models CASCADE
  audit_logs.user_id -> users SET NULL
  battle_report_likes.battle_report_id -> battle_reports CASCADE
  battle_report_likes.user_id -> users CASCADE
  battle_reports.game_system_id -> game_systems SET NULL
  battle_reports.opponent_user_id -> users SET NULL
  battle_reports.user_id -> users CASCADE
  comments.battle_report_id -> battle_reports CASCADE
  comments.parent_comment_id -> comments CASCADE
  comments.user_id -> users CASCADE
  comments.user_model_id -> user_models CASCADE
  conversation_participants.conversation_id -> conversations CASCADE
  conversation_participants.user_id -> users CASCADE
  conversations.created_by_id -> users SET NULL
  conversations.help_request_id -> help_requests SET NULL
  current_prices.model_id -> models_catalog CASCADE
  current_prices.retailer_id -> retailers CASCADE
  custom_fields.user_id -> users CASCADE
  factions.game_system_id -> game_systems RESTRICT
  friend_requests.addressee_id -> users CASCADE
  friend_requests.requester_id -> users CASCADE
  help_answers.help_request_id -> help_requests CASCADE
  help_answers.user_id -> users CASCADE
  help_requests.best_answer_id -> help_answers SET NULL
  help_requests.user_id -> users CASCADE
  help_upvotes.help_answer_id -> help_answers CASCADE
  help_upvotes.help_request_id -> help_requests CASCADE
  help_upvotes.user_id -> users CASCADE
  message_reactions.message_id -> messages CASCADE
  message_reactions.user_id -> users CASCADE
  messages.conversation_id -> conversations CASCADE
  messages.reply_to_id -> messages SET NULL
  messages.user_id -> users CASCADE
  model_custom_fields.custom_field_id -> custom_fields CASCADE
  model_custom_fields.user_model_id -> user_models CASCADE
  model_likes.user_id -> users CASCADE
  model_likes.user_model_id -> user_models CASCADE
  model_photos.user_model_id -> user_models CASCADE
  models_catalog.faction_id -> factions SET NULL
  models_catalog.game_system_id -> game_systems SET NULL
  notifications.user_id -> users CASCADE
  oauth_providers.user_id -> users CASCADE
  painting_sessions.user_model_id -> user_models CASCADE
  painting_status_history.user_model_id -> user_models CASCADE
  price_alerts.model_id -> models_catalog CASCADE
  price_alerts.user_id -> users CASCADE
  price_history.model_id -> models_catalog CASCADE
  price_history.retailer_id -> retailers CASCADE
  refresh_tokens.device_id -> user_devices SET NULL
  refresh_tokens.replaced_by_id -> refresh_tokens SET NULL
  refresh_tokens.user_id -> users CASCADE
  sessions.device_id -> user_devices SET NULL
  sessions.user_id -> users CASCADE
  user_achievements.achievement_id -> achievements CASCADE
  user_achievements.user_id -> users CASCADE
  user_devices.user_id -> users CASCADE
  user_models.faction_id -> factions SET NULL
  user_models.game_system_id -> game_systems SET NULL
  user_models.model_id -> models_catalog RESTRICT
  user_models.user_id -> users CASCADE
  user_relationships.follower_id -> users CASCADE
  user_relationships.following_id -> users CASCADE
  user_tokens.user_id -> users CASCADE
  wishlist_items.faction_id -> factions SET NULL
  wishlist_items.game_system_id -> game_systems SET NULL
  wishlist_items.model_id -> models_catalog SET NULL
  wishlist_items.wishlist_id -> wishlists CASCADE
  wishlists.user_id -> users CASCADE
`;

const UPDATED_AT_TABLES = [
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

/** "table.trigger: TIMING EVENTS -> function" for every trigger. */
const TRIGGERS = [
  ...UPDATED_AT_TABLES.map((t) => `${t}.update_${t}_updated_at: BEFORE UPDATE -> update_updated_at_column`),
  'models_catalog.trg_models_catalog_search_vector: BEFORE INSERT,UPDATE -> models_catalog_search_vector_update',
  'user_models.trg_user_models_purchase_date_not_future: BEFORE INSERT,UPDATE -> reject_future_date',
  'user_models.trg_user_models_painting_status_history: AFTER INSERT,UPDATE -> record_painting_status_change',
  'painting_sessions.trg_painting_sessions_painted_on_not_future: BEFORE INSERT,UPDATE -> reject_future_date',
  'help_requests.trg_help_requests_best_answer: BEFORE INSERT,UPDATE -> check_help_best_answer',
];

const FUNCTIONS = [
  'update_updated_at_column',
  'reject_future_date',
  'models_catalog_search_vector_update',
  'record_painting_status_change',
  'check_help_best_answer',
  'ensure_monthly_partitions',
  'detach_old_partitions',
];

const VIEWS: Record<string, string> = {
  user_stats: `id uuid, username varchar(50), total_models integer, total_quantity integer, painted_models integer,
    unpainted_models integer, faction_count integer, army_count integer, total_spent numeric, unpainted_value numeric,
    follower_count integer, following_count integer`,
  popular_models: `id uuid, user_id uuid, model_id uuid, name varchar(255), faction_id uuid, game_system_id uuid,
    painting_status painting_status, quantity integer, tags text[], created_at timestamptz, updated_at timestamptz,
    owner_username varchar(50), like_count integer, comment_count integer`,
};
const MATERIALIZED_VIEWS: Record<string, string> = {
  faction_stats: `id uuid, name varchar(255), game_system_id uuid, model_count integer, user_count integer,
    avg_painted_ratio numeric(5,4)`,
};

// ---------------------------------------------------------------------------------------------
const splitColumns = (spec: string) =>
  spec
    .split(/,(?![^()]*\))/)
    .map((c) => c.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
const normaliseType = (type: string) =>
  type.replace(/character varying/g, 'varchar').replace(/timestamp with time zone/g, 'timestamptz');

async function columnsOf(kinds: string): Promise<Record<string, string[]>> {
  const rows = await q<{ relation: string; columns: string[] }>(`
    SELECT c.relname AS relation,
           array_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN '!' ELSE '' END
                     ORDER BY a.attnum) AS columns
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relkind IN (${kinds}) AND NOT c.relispartition AND c.relname <> '_prisma_migrations'
    GROUP BY c.relname`);
  return Object.fromEntries(rows.map((r) => [r.relation, r.columns.map(normaliseType)]));
}

describe('schema conformance', () => {
  it('has exactly the expected tables (partitions aside)', async () => {
    const tables = await columnsOf(`'r', 'p'`);
    expect(Object.keys(tables).sort()).toEqual(Object.keys(TABLES).sort());
  });

  it.each(Object.keys(TABLES))(
    '%s has exactly the expected columns, types and NOT NULLs, in order',
    async (table) => {
      const tables = await columnsOf(`'r', 'p'`);
      expect(tables[table]).toEqual(splitColumns(TABLES[table]!));
    },
  );

  it('has every enum with its values in order, and no other', async () => {
    const rows = await q<{ name: string; values: string[] }>(`
      SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname`);
    expect(Object.fromEntries(rows.map((r) => [r.name, r.values]))).toEqual(ENUMS);
  });

  it('has exactly the expected indexes on every table and materialized view', async () => {
    const rows = await q<{ tablename: string; indexes: string[] }>(`
      SELECT tablename, array_agg(indexname::text ORDER BY indexname) AS indexes
      FROM pg_indexes
      WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
        AND tablename IN (SELECT relname FROM pg_class WHERE NOT relispartition)
      GROUP BY tablename`);
    const actual = Object.fromEntries(rows.map((r) => [r.tablename, r.indexes]));
    const expected = Object.fromEntries(Object.entries(INDEXES).map(([t, names]) => [t, [...names].sort()]));
    expect(actual).toEqual(expected);
  });

  it.each(INDEX_SHAPES)('index %s has the expected definition', async (name, fragments) => {
    const [row] = await q<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE indexname = '${name}'`,
    );
    expect(row, name).toBeDefined();
    for (const fragment of fragments) expect(row!.indexdef).toContain(fragment);
    expect(row!.indexdef).not.toMatch(/CURRENT_TIMESTAMP|now\(\)/i);
  });

  it('has exactly the expected CHECK constraints', async () => {
    const rows = await q<{ table: string; checks: string[] }>(`
      SELECT conrelid::regclass::text AS table, array_agg(conname::text ORDER BY conname) AS checks
      FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace
      GROUP BY conrelid`);
    const actual = Object.fromEntries(rows.map((r) => [r.table, r.checks]));
    const expected = Object.fromEntries(Object.entries(CHECKS).map(([t, names]) => [t, [...names].sort()]));
    expect(actual).toEqual(expected);
  });

  it('has no CHECK that calls a non-immutable function (the design’s purchase_date <= CURRENT_DATE)', async () => {
    const rows = await q<{ def: string }>(`
      SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE contype = 'c' AND connamespace = 'public'::regnamespace`);
    for (const { def } of rows) expect(def).not.toMatch(/CURRENT_DATE|CURRENT_TIMESTAMP|now\(\)/i);
  });

  it('has exactly the expected foreign keys with their ON DELETE rules', async () => {
    const rows = await q<{ fk: string }>(`
      SELECT c.conrelid::regclass::text || '.' ||
             (SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = c.conrelid AND attnum = ANY (c.conkey))
             || ' -> ' || c.confrelid::regclass::text || ' ' ||
             CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
                                WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END AS fk
      FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND NOT r.relispartition AND c.conparentid = 0`);
    const expected = FOREIGN_KEYS.trim()
      .split('\n')
      .map((l) => l.trim());
    expect(rows.map((r) => r.fk).sort()).toEqual(expected.sort());
  });

  it('every table with updated_at has the updated_at trigger, and those are all the triggers', async () => {
    const withUpdatedAt = await q<{ table_name: string }>(`
      SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'updated_at'
        AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE')`);
    expect(withUpdatedAt.map((r) => r.table_name).sort()).toEqual([...UPDATED_AT_TABLES].sort());

    const rows = await q<{ trigger: string }>(`
      SELECT event_object_table || '.' || trigger_name || ': ' || action_timing || ' ' ||
             string_agg(event_manipulation, ',' ORDER BY event_manipulation) || ' -> ' ||
             substring(action_statement FROM 'EXECUTE FUNCTION (?:public\\.)?(\\w+)\\(') AS trigger
      FROM information_schema.triggers WHERE trigger_schema = 'public'
      GROUP BY event_object_table, trigger_name, action_timing, action_statement`);
    expect(rows.map((r) => r.trigger).sort()).toEqual([...TRIGGERS].sort());
  });

  it('has the expected functions of its own (extension functions aside)', async () => {
    const rows = await q<{ proname: string }>(`
      SELECT p.proname FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`);
    expect(rows.map((r) => r.proname).sort()).toEqual([...FUNCTIONS].sort());
  });

  it('has pg_trgm installed', async () => {
    const rows = await q<{ extname: string }>(`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`);
    expect(rows).toHaveLength(1);
  });

  it('has the views and the materialized view with the expected columns', async () => {
    const views = await columnsOf(`'v'`);
    const expectedViews = Object.fromEntries(
      Object.entries(VIEWS).map(([v, spec]) => [v, splitColumns(spec)]),
    );
    expect(views).toEqual(expectedViews);
    const matviews = await columnsOf(`'m'`);
    expect(matviews).toEqual(
      Object.fromEntries(Object.entries(MATERIALIZED_VIEWS).map(([v, spec]) => [v, splitColumns(spec)])),
    );
  });

  it('refreshes faction_stats CONCURRENTLY', async () => {
    await expect(
      database.db.$executeRawUnsafe('REFRESH MATERIALIZED VIEW CONCURRENTLY faction_stats'),
    ).resolves.toBe(0);
  });

  it('partitions activities and audit_logs by RANGE (created_at) with a default and monthly partitions to +3 months', async () => {
    const keys = await q<{ table: string; strategy: string; key: string }>(`
      SELECT partrelid::regclass::text AS table, partstrat::text AS strategy,
             (SELECT attname FROM pg_attribute WHERE attrelid = partrelid AND attnum = partattrs[0]) AS key
      FROM pg_partitioned_table ORDER BY 1`);
    expect(keys).toEqual(PARTITIONED.map((table) => ({ table, strategy: 'r', key: 'created_at' })));

    const now = new Date();
    const months = [0, 1, 2, 3].map((i) => {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
      return `${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    });
    for (const table of PARTITIONED) {
      const rows = await q<{ name: string; bound: string }>(`
        SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '${table}'::regclass`);
      const names = rows.map((r) => r.name);
      expect(names).toContain(`${table}_default`);
      expect(rows.find((r) => r.name === `${table}_default`)?.bound).toBe('DEFAULT');
      for (const month of months) expect(names).toContain(`${table}_${month}`);
    }
  });

  it('seeds the three app_settings of the design', async () => {
    const rows = await q<{ key: string; value: unknown }>(`SELECT key, value FROM app_settings ORDER BY key`);
    expect(rows).toEqual([
      { key: 'maintenance_mode', value: false },
      { key: 'max_upload_size', value: 5242880 },
      { key: 'supported_image_types', value: ['jpg', 'jpeg', 'png', 'webp'] },
    ]);
  });
});
