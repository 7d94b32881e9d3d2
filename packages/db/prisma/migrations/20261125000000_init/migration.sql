-- Plastic Crack: the whole data model (database-design.md, reconciled per DESIGN.md §3).
-- Decisions and defect fixes are listed in docs/DATA-MODEL.md. Applied as ONE query in ONE transaction
-- by packages/db/src/migrate.ts; must run on PostgreSQL 15 and 18.
--
-- Conventions: TIMESTAMPTZ everywhere; a column with a default is NOT NULL unless NULL means something;
-- array columns are NOT NULL DEFAULT '{}' (Prisma scalar lists cannot be NULL); every table with
-- updated_at has an update_<table>_updated_at trigger; constraints carry explicit names.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- gen_random_uuid() is built in since PostgreSQL 13: pgcrypto is not needed.

-- ============================================================================================
-- Enums (all created before any table uses them)
-- ============================================================================================
CREATE TYPE privacy_level AS ENUM ('public', 'friends', 'private');
CREATE TYPE experience_level AS ENUM ('beginner', 'intermediate', 'advanced', 'expert');
CREATE TYPE device_platform AS ENUM ('ios', 'android', 'web');
CREATE TYPE user_token_purpose AS ENUM ('email_verification', 'password_reset');
CREATE TYPE token_revocation_reason AS ENUM ('rotated', 'logout', 'reuse_detected', 'password_changed', 'admin_revoked');
CREATE TYPE model_type_enum AS ENUM (
    'character', 'troop', 'elite', 'fast_attack', 'heavy_support',
    'dedicated_transport', 'lord_of_war', 'fortification'
);
-- One painting-status enum, in workflow order (7.1's display_ready is showcase_ready).
CREATE TYPE painting_status AS ENUM (
    'unpainted', 'primed', 'basecoated', 'shaded', 'highlighted',
    'detailed', 'finished', 'showcase_ready'
);
CREATE TYPE condition_enum AS ENUM ('new', 'like_new', 'good', 'fair', 'poor');
CREATE TYPE custom_field_type AS ENUM ('text', 'number', 'date', 'boolean', 'dropdown', 'multiselect');
CREATE TYPE difficulty_enum AS ENUM ('beginner', 'intermediate', 'advanced', 'expert');
CREATE TYPE ai_source_enum AS ENUM ('gpt4', 'custom_model', 'community', 'official');
CREATE TYPE recommendation_type_enum AS ENUM (
    'army_completion', 'similar_interest', 'price_drop',
    'trending', 'seasonal', 'skill_progression'
);
CREATE TYPE stock_status_enum AS ENUM ('in_stock', 'limited', 'out_of_stock', 'pre_order', 'unknown');
CREATE TYPE alert_operator AS ENUM ('lte', 'gte', 'eq');
CREATE TYPE relationship_type_enum AS ENUM ('follow', 'friend', 'blocked');
CREATE TYPE friend_request_status AS ENUM ('pending', 'accepted', 'declined', 'cancelled');
CREATE TYPE battle_result_enum AS ENUM ('victory', 'defeat', 'draw');
CREATE TYPE help_type_enum AS ENUM ('painting', 'army_building', 'rules', 'general');
CREATE TYPE urgency_level AS ENUM ('low', 'medium', 'high');
CREATE TYPE help_status_enum AS ENUM ('open', 'answered', 'resolved', 'closed');
CREATE TYPE conversation_type_enum AS ENUM ('direct', 'group', 'help_thread');
CREATE TYPE participant_role AS ENUM ('admin', 'moderator', 'member');
CREATE TYPE message_type_enum AS ENUM ('text', 'image', 'model_share', 'battle_report_share');
CREATE TYPE wishlist_priority AS ENUM ('low', 'medium', 'high', 'urgent');
-- The design's values first, in its order; the product's other events appended.
CREATE TYPE activity_type AS ENUM (
    'model_added', 'model_updated', 'model_painted', 'army_created', 'comment_added',
    'user_followed', 'achievement_earned',
    'photo_added', 'battle_report_posted', 'help_request_posted', 'friend_added'
);
CREATE TYPE notification_type AS ENUM (
    'like', 'comment', 'follow', 'achievement', 'system', 'reminder',
    'friend_request', 'friend_accepted', 'message', 'price_alert', 'help_answer'
);
CREATE TYPE achievement_category AS ENUM ('collection', 'painting', 'social', 'milestone');

-- ============================================================================================
-- Shared trigger functions
-- ============================================================================================
CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at = CURRENT_TIMESTAMP;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- "Not in the future": a CHECK cannot say it (CURRENT_DATE is not immutable), so a trigger does.
-- TG_ARGV[0] names the DATE column. "Today" is the latest calendar date anywhere on Earth (UTC+14),
-- so a collector east of UTC entering today's local date is never rejected.
CREATE OR REPLACE FUNCTION reject_future_date()
RETURNS TRIGGER AS $$
DECLARE
    checked date := (to_jsonb(NEW) ->> TG_ARGV[0])::date;
BEGIN
    IF checked IS NOT NULL AND checked > ((CURRENT_TIMESTAMP AT TIME ZONE 'UTC') + interval '14 hours')::date THEN
        RAISE EXCEPTION '%.% must not be in the future (got %)', TG_TABLE_NAME, TG_ARGV[0], checked
            USING ERRCODE = 'check_violation', CONSTRAINT = 'chk_' || TG_TABLE_NAME || '_' || TG_ARGV[0] || '_not_future';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- ============================================================================================
-- 2. Users, OAuth, devices, sessions, tokens
-- ============================================================================================
CREATE TABLE users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email VARCHAR(255) NOT NULL,
    username VARCHAR(50) NOT NULL,
    password_hash VARCHAR(255), -- NULL for OAuth-only users
    first_name VARCHAR(100),
    last_name VARCHAR(100),
    bio TEXT,
    location VARCHAR(255),
    avatar_url VARCHAR(500),
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    is_premium BOOLEAN NOT NULL DEFAULT FALSE,
    privacy_setting privacy_level NOT NULL DEFAULT 'public',
    experience_level experience_level NOT NULL DEFAULT 'beginner',
    preferred_game_systems TEXT[] NOT NULL DEFAULT '{}',
    preferred_paint_brands TEXT[] NOT NULL DEFAULT '{}',
    notification_preferences JSONB NOT NULL DEFAULT '{}',
    ai_preferences JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_login_at TIMESTAMPTZ,
    last_sync_at TIMESTAMPTZ, -- for mobile sync
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_username_key UNIQUE (username),
    CONSTRAINT chk_users_valid_email CHECK (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'),
    CONSTRAINT chk_users_username_format CHECK (username ~ '^[A-Za-z0-9_.-]{2,50}$')
);
-- Case-insensitive uniqueness: Foo@x.com and foo@x.com are one account.
CREATE UNIQUE INDEX idx_users_email_lower ON users (lower(email));
CREATE UNIQUE INDEX idx_users_username_lower ON users (lower(username));
CREATE INDEX idx_users_created_at ON users (created_at);
CREATE INDEX idx_users_active ON users (is_active) WHERE is_active = TRUE;
CREATE INDEX idx_users_premium ON users (is_premium) WHERE is_premium = TRUE;
CREATE INDEX idx_users_game_systems ON users USING GIN (preferred_game_systems);

-- 2.2 + 12.2 merged. Provider tokens are stored encrypted by the application (ciphertext only).
CREATE TABLE oauth_providers (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider VARCHAR(50) NOT NULL, -- 'google', 'facebook', 'apple', ...
    provider_user_id VARCHAR(255) NOT NULL,
    email VARCHAR(255),
    access_token_encrypted TEXT,
    refresh_token_encrypted TEXT,
    expires_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT oauth_providers_provider_provider_user_id_key UNIQUE (provider, provider_user_id),
    CONSTRAINT chk_oauth_providers_provider_format CHECK (provider ~ '^[a-z0-9_-]{2,50}$')
);
CREATE INDEX idx_oauth_user_id ON oauth_providers (user_id);

CREATE TABLE user_devices (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_id VARCHAR(255) NOT NULL,
    platform device_platform NOT NULL,
    app_version VARCHAR(20),
    os_version VARCHAR(20),
    push_token TEXT,
    push_enabled BOOLEAN NOT NULL DEFAULT TRUE,
    last_seen_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT user_devices_user_id_device_id_key UNIQUE (user_id, device_id)
);
CREATE INDEX idx_devices_platform ON user_devices (platform);

-- Web cookie sessions (Lucia guide): id is the hex SHA-256 of the session token; the token itself is never stored.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_used_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ip_address INET,
    user_agent TEXT,
    device_id UUID REFERENCES user_devices (id) ON DELETE SET NULL,
    CONSTRAINT chk_sessions_id_sha256_hex CHECK (id ~ '^[0-9a-f]{64}$')
);
CREATE INDEX idx_sessions_user_id ON sessions (user_id);
CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);
CREATE INDEX idx_sessions_device_id ON sessions (device_id);

-- Mobile / internal clients. Rotation: each use issues a new token in the same family and links the
-- old one (replaced_by_id); presenting a rotated token again is reuse: revoke the whole family.
CREATE TABLE refresh_tokens (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id UUID NOT NULL,
    token_hash VARCHAR(255) NOT NULL,
    replaced_by_id UUID REFERENCES refresh_tokens (id) ON DELETE SET NULL,
    device_id UUID REFERENCES user_devices (id) ON DELETE SET NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    is_revoked BOOLEAN NOT NULL DEFAULT FALSE,
    revoked_at TIMESTAMPTZ,
    revoked_reason token_revocation_reason,
    ip_address INET,
    user_agent TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_used_at TIMESTAMPTZ,
    CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash),
    CONSTRAINT refresh_tokens_replaced_by_id_key UNIQUE (replaced_by_id),
    CONSTRAINT chk_refresh_tokens_not_self_replaced CHECK (replaced_by_id <> id),
    CONSTRAINT chk_refresh_tokens_revocation CHECK (
        (is_revoked AND revoked_at IS NOT NULL AND revoked_reason IS NOT NULL)
        OR (NOT is_revoked AND revoked_at IS NULL AND revoked_reason IS NULL)
    )
);
CREATE INDEX idx_refresh_tokens_user_id ON refresh_tokens (user_id);
CREATE INDEX idx_refresh_tokens_family_id ON refresh_tokens (family_id);
CREATE INDEX idx_refresh_tokens_expires ON refresh_tokens (expires_at);
CREATE INDEX idx_refresh_tokens_device_id ON refresh_tokens (device_id);

-- Email verification and password reset: hashed, single-use, expiring.
CREATE TABLE user_tokens (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose user_token_purpose NOT NULL,
    token_hash VARCHAR(255) NOT NULL,
    email VARCHAR(255), -- the address being verified (email change), if not the account's
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT user_tokens_token_hash_key UNIQUE (token_hash),
    CONSTRAINT chk_user_tokens_valid_email CHECK (email IS NULL OR email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$')
);
CREATE INDEX idx_user_tokens_user_purpose ON user_tokens (user_id, purpose);
CREATE INDEX idx_user_tokens_expires_at ON user_tokens (expires_at);

-- ============================================================================================
-- 3. Catalogue and collections
-- ============================================================================================
CREATE TABLE game_systems (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    slug VARCHAR(100) NOT NULL,
    publisher VARCHAR(255),
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT game_systems_slug_key UNIQUE (slug),
    CONSTRAINT chk_game_systems_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);

CREATE TABLE factions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    game_system_id UUID NOT NULL REFERENCES game_systems (id) ON DELETE RESTRICT,
    name VARCHAR(255) NOT NULL,
    slug VARCHAR(100) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT factions_game_system_id_slug_key UNIQUE (game_system_id, slug),
    CONSTRAINT chk_factions_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);

CREATE TABLE models_catalog (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    slug VARCHAR(255) NOT NULL,
    faction_id UUID REFERENCES factions (id) ON DELETE SET NULL,
    game_system_id UUID REFERENCES game_systems (id) ON DELETE SET NULL,
    manufacturer VARCHAR(100) DEFAULT 'Games Workshop',
    model_type model_type_enum,
    msrp DECIMAL(10,2),
    currency VARCHAR(3) NOT NULL DEFAULT 'USD',
    release_date DATE,
    discontinued BOOLEAN NOT NULL DEFAULT FALSE,
    barcode VARCHAR(50),
    description TEXT,
    lore_description TEXT, -- for AI colour recommendations
    images JSONB NOT NULL DEFAULT '[]',
    dimensions JSONB,
    base_size VARCHAR(20),
    points_value INTEGER,
    rules_text TEXT,
    tags TEXT[] NOT NULL DEFAULT '{}',
    ai_metadata JSONB NOT NULL DEFAULT '{}',
    search_vector TSVECTOR, -- maintained by trg_models_catalog_search_vector
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT models_catalog_slug_key UNIQUE (slug),
    CONSTRAINT chk_models_catalog_msrp CHECK (msrp >= 0),
    CONSTRAINT chk_models_catalog_points CHECK (points_value >= 0),
    CONSTRAINT chk_models_catalog_currency CHECK (currency ~ '^[A-Z]{3}$')
);
CREATE INDEX idx_models_name ON models_catalog (name);
CREATE INDEX idx_models_name_trgm ON models_catalog USING GIN (name gin_trgm_ops);
CREATE INDEX idx_models_faction ON models_catalog (faction_id);
CREATE INDEX idx_models_game_system ON models_catalog (game_system_id);
CREATE INDEX idx_models_search ON models_catalog USING GIN (search_vector);
CREATE INDEX idx_models_tags ON models_catalog USING GIN (tags);
CREATE INDEX idx_models_barcode ON models_catalog (barcode);

-- Weighted full-text document: name (A), tags (B), description (C), lore (D).
CREATE OR REPLACE FUNCTION models_catalog_search_vector_update()
RETURNS TRIGGER AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.name, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(array_to_string(NEW.tags, ' '), '')), 'B') ||
        setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C') ||
        setweight(to_tsvector('english', coalesce(NEW.lore_description, '')), 'D');
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trg_models_catalog_search_vector BEFORE INSERT OR UPDATE ON models_catalog
    FOR EACH ROW EXECUTE FUNCTION models_catalog_search_vector_update();

-- 3.2 + 7.1: an item a user owns or tracks, linked to the catalogue or free-standing.
-- purchase_price is per unit; value = purchase_price * quantity.
CREATE TABLE user_models (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    model_id UUID REFERENCES models_catalog (id) ON DELETE RESTRICT,
    name VARCHAR(255), -- own name; required when free-standing, an override (3.2's custom_name) otherwise
    faction_id UUID REFERENCES factions (id) ON DELETE SET NULL,
    game_system_id UUID REFERENCES game_systems (id) ON DELETE SET NULL,
    points_value INTEGER,
    quantity INTEGER NOT NULL DEFAULT 1,
    purchase_price DECIMAL(10,2),
    currency VARCHAR(3) NOT NULL DEFAULT 'USD',
    purchase_date DATE,
    purchase_location VARCHAR(255),
    painting_status painting_status NOT NULL DEFAULT 'unpainted',
    painting_start_date DATE,
    painting_completion_date DATE,
    painting_time_minutes INTEGER NOT NULL DEFAULT 0, -- total of painting_sessions, kept by the service
    skill_assessment JSONB,
    color_scheme JSONB,
    techniques_used TEXT[] NOT NULL DEFAULT '{}',
    notes TEXT,
    tags TEXT[] NOT NULL DEFAULT '{}',
    ai_generated_tags TEXT[] NOT NULL DEFAULT '{}',
    is_showcase BOOLEAN NOT NULL DEFAULT FALSE,
    is_wishlist BOOLEAN NOT NULL DEFAULT FALSE,
    is_public BOOLEAN NOT NULL DEFAULT TRUE,
    condition condition_enum NOT NULL DEFAULT 'new',
    location VARCHAR(100), -- physical storage location
    like_count INTEGER NOT NULL DEFAULT 0,
    comment_count INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_user_models_catalog_or_name CHECK (model_id IS NOT NULL OR (name IS NOT NULL AND btrim(name) <> '')),
    CONSTRAINT chk_user_models_positive_quantity CHECK (quantity > 0),
    CONSTRAINT chk_user_models_positive_price CHECK (purchase_price >= 0),
    CONSTRAINT chk_user_models_points CHECK (points_value >= 0),
    CONSTRAINT chk_user_models_currency CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT chk_user_models_painting_dates CHECK (painting_completion_date >= painting_start_date),
    CONSTRAINT chk_user_models_painting_time CHECK (painting_time_minutes >= 0),
    CONSTRAINT chk_user_models_counters CHECK (like_count >= 0 AND comment_count >= 0)
);
CREATE INDEX idx_user_models_user_id ON user_models (user_id);
CREATE INDEX idx_user_models_model_id ON user_models (model_id);
CREATE INDEX idx_user_models_faction_id ON user_models (faction_id);
CREATE INDEX idx_user_models_game_system_id ON user_models (game_system_id);
CREATE INDEX idx_user_models_painting_status ON user_models (painting_status);
CREATE INDEX idx_user_models_created_at ON user_models (created_at);
CREATE INDEX idx_user_models_showcase ON user_models (is_showcase) WHERE is_showcase = TRUE;
CREATE INDEX idx_user_models_wishlist ON user_models (user_id, is_wishlist) WHERE is_wishlist = TRUE;
CREATE INDEX idx_user_models_public ON user_models (is_public) WHERE is_public = TRUE;
CREATE INDEX idx_user_models_tags ON user_models USING GIN (tags);
CREATE INDEX idx_user_models_search ON user_models USING GIN (
    to_tsvector('english', coalesce(name, '') || ' ' || coalesce(notes, ''))
);
CREATE TRIGGER trg_user_models_purchase_date_not_future BEFORE INSERT OR UPDATE ON user_models
    FOR EACH ROW EXECUTE FUNCTION reject_future_date('purchase_date');

-- History of painting-status changes, written by the database (trigger below), never by the service.
CREATE TABLE painting_status_history (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_model_id UUID NOT NULL REFERENCES user_models (id) ON DELETE CASCADE,
    from_status painting_status, -- NULL for the status the item was added with
    to_status painting_status NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_painting_status_history_changed CHECK (from_status IS DISTINCT FROM to_status)
);
CREATE INDEX idx_painting_status_history_user_model ON painting_status_history (user_model_id, changed_at);

CREATE OR REPLACE FUNCTION record_painting_status_change()
RETURNS TRIGGER AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO painting_status_history (user_model_id, from_status, to_status)
        VALUES (NEW.id, NULL, NEW.painting_status);
    ELSIF NEW.painting_status IS DISTINCT FROM OLD.painting_status THEN
        INSERT INTO painting_status_history (user_model_id, from_status, to_status)
        VALUES (NEW.id, OLD.painting_status, NEW.painting_status);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trg_user_models_painting_status_history AFTER INSERT OR UPDATE OF painting_status ON user_models
    FOR EACH ROW EXECUTE FUNCTION record_painting_status_change();

CREATE TABLE painting_sessions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_model_id UUID NOT NULL REFERENCES user_models (id) ON DELETE CASCADE,
    minutes INTEGER NOT NULL,
    painted_on DATE NOT NULL DEFAULT CURRENT_DATE,
    notes TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_painting_sessions_minutes CHECK (minutes > 0 AND minutes <= 1440)
);
CREATE INDEX idx_painting_sessions_user_model ON painting_sessions (user_model_id, painted_on);
CREATE TRIGGER trg_painting_sessions_painted_on_not_future BEFORE INSERT OR UPDATE ON painting_sessions
    FOR EACH ROW EXECUTE FUNCTION reject_future_date('painted_on');

-- 7.2, pointing at user_models. Files live under random storage keys.
CREATE TABLE model_photos (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_model_id UUID NOT NULL REFERENCES user_models (id) ON DELETE CASCADE,
    storage_key VARCHAR(255) NOT NULL,
    thumbnail_storage_key VARCHAR(255),
    mime_type VARCHAR(100) NOT NULL,
    url VARCHAR(500) NOT NULL,
    thumbnail_url VARCHAR(500),
    caption TEXT,
    sort_order INTEGER NOT NULL DEFAULT 0,
    file_size INTEGER, -- bytes
    width INTEGER,
    height INTEGER,
    uploaded_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT model_photos_storage_key_key UNIQUE (storage_key),
    CONSTRAINT chk_model_photos_mime_type CHECK (mime_type IN ('image/jpeg', 'image/png', 'image/webp')),
    CONSTRAINT chk_model_photos_sort_order CHECK (sort_order >= 0),
    CONSTRAINT chk_model_photos_file_size CHECK (file_size > 0),
    CONSTRAINT chk_model_photos_dimensions CHECK (width > 0 AND height > 0)
);
CREATE INDEX idx_model_photos_sort_order ON model_photos (user_model_id, sort_order);

CREATE TABLE custom_fields (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name VARCHAR(100) NOT NULL,
    field_type custom_field_type NOT NULL,
    options JSONB, -- choices for dropdown / multiselect
    is_required BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT custom_fields_user_id_name_key UNIQUE (user_id, name),
    CONSTRAINT chk_custom_fields_options CHECK (
        field_type NOT IN ('dropdown', 'multiselect') OR coalesce(jsonb_typeof(options) = 'array', FALSE)
    )
);

CREATE TABLE model_custom_fields (
    user_model_id UUID NOT NULL REFERENCES user_models (id) ON DELETE CASCADE,
    custom_field_id UUID NOT NULL REFERENCES custom_fields (id) ON DELETE CASCADE,
    value JSONB NOT NULL,
    PRIMARY KEY (user_model_id, custom_field_id)
);
CREATE INDEX idx_model_custom_fields_custom_field_id ON model_custom_fields (custom_field_id);

-- ============================================================================================
-- 4. AI
-- ============================================================================================
CREATE TABLE ai_color_schemes (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    model_id UUID REFERENCES models_catalog (id) ON DELETE SET NULL,
    faction_id UUID REFERENCES factions (id) ON DELETE SET NULL,
    primary_colors JSONB NOT NULL,
    secondary_colors JSONB,
    accent_colors JSONB,
    techniques TEXT[] NOT NULL DEFAULT '{}',
    difficulty_level difficulty_enum,
    estimated_time_minutes INTEGER,
    lore_accuracy DECIMAL(3,2), -- 0-1
    popularity_score DECIMAL(3,2), -- 0-1
    ai_confidence DECIMAL(3,2), -- 0-1
    tutorial_links TEXT[] NOT NULL DEFAULT '{}',
    created_by ai_source_enum,
    user_ratings JSONB NOT NULL DEFAULT '{}',
    usage_count INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_ai_color_schemes_scores CHECK (
        lore_accuracy BETWEEN 0 AND 1 AND popularity_score BETWEEN 0 AND 1 AND ai_confidence BETWEEN 0 AND 1
    ),
    CONSTRAINT chk_ai_color_schemes_estimated_time CHECK (estimated_time_minutes > 0),
    CONSTRAINT chk_ai_color_schemes_usage_count CHECK (usage_count >= 0)
);
CREATE INDEX idx_color_schemes_model ON ai_color_schemes (model_id);
CREATE INDEX idx_color_schemes_faction ON ai_color_schemes (faction_id);
CREATE INDEX idx_color_schemes_difficulty ON ai_color_schemes (difficulty_level);
CREATE INDEX idx_color_schemes_popularity ON ai_color_schemes (popularity_score DESC);

CREATE TABLE ai_recommendations (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    model_id UUID NOT NULL REFERENCES models_catalog (id) ON DELETE CASCADE,
    recommendation_type recommendation_type_enum NOT NULL,
    reason TEXT,
    confidence_score DECIMAL(3,2),
    priority_score DECIMAL(3,2),
    estimated_value DECIMAL(10,2),
    context JSONB,
    expires_at TIMESTAMPTZ,
    clicked BOOLEAN NOT NULL DEFAULT FALSE,
    purchased BOOLEAN NOT NULL DEFAULT FALSE,
    dismissed BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_ai_recommendations_scores CHECK (confidence_score BETWEEN 0 AND 1 AND priority_score BETWEEN 0 AND 1),
    CONSTRAINT chk_ai_recommendations_estimated_value CHECK (estimated_value >= 0)
);
CREATE INDEX idx_recommendations_user ON ai_recommendations (user_id);
CREATE INDEX idx_recommendations_type ON ai_recommendations (recommendation_type);
-- The design's `expires_at > CURRENT_TIMESTAMP` predicate is not immutable (rejected by PostgreSQL):
-- the index covers undismissed rows; queries add `expires_at > now()` themselves.
CREATE INDEX idx_recommendations_active ON ai_recommendations (user_id, expires_at) WHERE dismissed = FALSE;
CREATE INDEX idx_recommendations_model ON ai_recommendations (model_id);

-- ============================================================================================
-- 5. Prices
-- ============================================================================================
CREATE TABLE retailers (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(255) NOT NULL,
    domain VARCHAR(255) NOT NULL,
    country_code VARCHAR(2),
    currency VARCHAR(3),
    affiliate_program BOOLEAN NOT NULL DEFAULT FALSE,
    scraping_enabled BOOLEAN NOT NULL DEFAULT TRUE,
    api_integration BOOLEAN NOT NULL DEFAULT FALSE,
    reliability_score DECIMAL(3,2) NOT NULL DEFAULT 1.0,
    last_scraped_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT retailers_domain_key UNIQUE (domain),
    CONSTRAINT chk_retailers_country_code CHECK (country_code ~ '^[A-Z]{2}$'),
    CONSTRAINT chk_retailers_currency CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT chk_retailers_reliability_score CHECK (reliability_score BETWEEN 0 AND 1)
);

-- Latest price per (catalogue model, retailer).
CREATE TABLE current_prices (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    model_id UUID NOT NULL REFERENCES models_catalog (id) ON DELETE CASCADE,
    retailer_id UUID NOT NULL REFERENCES retailers (id) ON DELETE CASCADE,
    price DECIMAL(10,2) NOT NULL,
    currency VARCHAR(3) NOT NULL DEFAULT 'USD',
    stock_status stock_status_enum NOT NULL DEFAULT 'unknown',
    product_url TEXT,
    last_updated TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    is_on_sale BOOLEAN NOT NULL DEFAULT FALSE,
    discount_percentage DECIMAL(5,2),
    CONSTRAINT current_prices_model_id_retailer_id_key UNIQUE (model_id, retailer_id),
    CONSTRAINT chk_current_prices_price CHECK (price >= 0),
    CONSTRAINT chk_current_prices_currency CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT chk_current_prices_discount CHECK (discount_percentage BETWEEN 0 AND 100)
);
CREATE INDEX idx_current_prices_retailer ON current_prices (retailer_id);
CREATE INDEX idx_current_prices_updated ON current_prices (last_updated);
CREATE INDEX idx_current_prices_sale ON current_prices (is_on_sale) WHERE is_on_sale = TRUE;

-- Price history when InfluxDB is not configured (DESIGN.md §2).
CREATE TABLE price_history (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    model_id UUID NOT NULL REFERENCES models_catalog (id) ON DELETE CASCADE,
    retailer_id UUID NOT NULL REFERENCES retailers (id) ON DELETE CASCADE,
    price DECIMAL(10,2) NOT NULL,
    currency VARCHAR(3) NOT NULL DEFAULT 'USD',
    stock_status stock_status_enum NOT NULL DEFAULT 'unknown',
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_price_history_price CHECK (price >= 0),
    CONSTRAINT chk_price_history_currency CHECK (currency ~ '^[A-Z]{3}$')
);
CREATE INDEX idx_price_history_model_recorded_at ON price_history (model_id, recorded_at);
CREATE INDEX idx_price_history_retailer_recorded_at ON price_history (retailer_id, recorded_at);

CREATE TABLE price_alerts (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    model_id UUID NOT NULL REFERENCES models_catalog (id) ON DELETE CASCADE,
    target_price DECIMAL(10,2) NOT NULL,
    currency VARCHAR(3) NOT NULL DEFAULT 'USD',
    operator alert_operator NOT NULL DEFAULT 'lte',
    notification_methods TEXT[] NOT NULL DEFAULT ARRAY['push'],
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    triggered_count INTEGER NOT NULL DEFAULT 0,
    last_triggered_at TIMESTAMPTZ,
    expires_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_price_alerts_target_price CHECK (target_price > 0),
    CONSTRAINT chk_price_alerts_currency CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT chk_price_alerts_triggered_count CHECK (triggered_count >= 0),
    CONSTRAINT chk_price_alerts_notification_methods CHECK (
        cardinality(notification_methods) > 0 AND notification_methods <@ ARRAY['push', 'email', 'in_app']
    )
);
CREATE INDEX idx_price_alerts_user ON price_alerts (user_id);
CREATE INDEX idx_price_alerts_model ON price_alerts (model_id);
CREATE INDEX idx_price_alerts_active ON price_alerts (is_active, expires_at) WHERE is_active = TRUE;

-- ============================================================================================
-- 6. Social
-- ============================================================================================
-- 6.1 supersedes 9.1. One row per ordered pair: follow (one way), friend (a row in each direction,
-- written when a friend request is accepted; implies following), blocked (from the blocker).
CREATE TABLE user_relationships (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    follower_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    following_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    relationship_type relationship_type_enum NOT NULL DEFAULT 'follow',
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT user_relationships_follower_id_following_id_key UNIQUE (follower_id, following_id),
    CONSTRAINT chk_user_relationships_not_self CHECK (follower_id <> following_id)
);
CREATE INDEX idx_relationships_following ON user_relationships (following_id);
CREATE INDEX idx_relationships_type ON user_relationships (relationship_type);

-- Pending friend requests live here, not in user_relationships; accepting one writes the two friend rows.
CREATE TABLE friend_requests (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    requester_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    addressee_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status friend_request_status NOT NULL DEFAULT 'pending',
    message VARCHAR(500),
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    responded_at TIMESTAMPTZ,
    CONSTRAINT chk_friend_requests_not_self CHECK (requester_id <> addressee_id),
    CONSTRAINT chk_friend_requests_responded CHECK ((status = 'pending') = (responded_at IS NULL))
);
-- At most one pending request between two users, whichever of them asked.
CREATE UNIQUE INDEX idx_friend_requests_pending_pair ON friend_requests
    (LEAST(requester_id, addressee_id), GREATEST(requester_id, addressee_id)) WHERE status = 'pending';
CREATE INDEX idx_friend_requests_addressee ON friend_requests (addressee_id, status);
CREATE INDEX idx_friend_requests_requester ON friend_requests (requester_id, status);

CREATE TABLE battle_reports (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title VARCHAR(255) NOT NULL,
    game_system_id UUID REFERENCES game_systems (id) ON DELETE SET NULL,
    points_limit INTEGER,
    my_army JSONB NOT NULL,
    opponent_army JSONB NOT NULL,
    opponent_user_id UUID REFERENCES users (id) ON DELETE SET NULL,
    result battle_result_enum,
    my_score INTEGER,
    opponent_score INTEGER,
    duration_minutes INTEGER,
    location VARCHAR(255),
    battle_date DATE NOT NULL DEFAULT CURRENT_DATE,
    narrative TEXT,
    highlights JSONB NOT NULL DEFAULT '[]',
    photos JSONB NOT NULL DEFAULT '[]',
    tags TEXT[] NOT NULL DEFAULT '{}',
    visibility privacy_level NOT NULL DEFAULT 'public',
    like_count INTEGER NOT NULL DEFAULT 0,
    comment_count INTEGER NOT NULL DEFAULT 0,
    view_count INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_battle_reports_points_limit CHECK (points_limit > 0),
    CONSTRAINT chk_battle_reports_scores CHECK (my_score >= 0 AND opponent_score >= 0),
    CONSTRAINT chk_battle_reports_duration CHECK (duration_minutes > 0),
    CONSTRAINT chk_battle_reports_not_self_opponent CHECK (opponent_user_id <> user_id),
    CONSTRAINT chk_battle_reports_counters CHECK (like_count >= 0 AND comment_count >= 0 AND view_count >= 0)
);
CREATE INDEX idx_battle_reports_user ON battle_reports (user_id);
CREATE INDEX idx_battle_reports_date ON battle_reports (battle_date DESC);
CREATE INDEX idx_battle_reports_game_system ON battle_reports (game_system_id);
CREATE INDEX idx_battle_reports_visibility ON battle_reports (visibility);
CREATE INDEX idx_battle_reports_opponent ON battle_reports (opponent_user_id);

CREATE TABLE battle_report_likes (
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    battle_report_id UUID NOT NULL REFERENCES battle_reports (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, battle_report_id)
);
CREATE INDEX idx_battle_report_likes_battle_report_id ON battle_report_likes (battle_report_id);

CREATE TABLE help_requests (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type help_type_enum NOT NULL,
    title VARCHAR(255) NOT NULL,
    description TEXT NOT NULL,
    photos JSONB NOT NULL DEFAULT '[]',
    tags TEXT[] NOT NULL DEFAULT '{}',
    experience_level experience_level,
    urgency urgency_level NOT NULL DEFAULT 'medium',
    status help_status_enum NOT NULL DEFAULT 'open',
    best_answer_id UUID, -- an answer to THIS request (help_answers; FK and trigger below)
    view_count INTEGER NOT NULL DEFAULT 0,
    upvote_count INTEGER NOT NULL DEFAULT 0,
    answer_count INTEGER NOT NULL DEFAULT 0,
    resolved_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_help_requests_counters CHECK (view_count >= 0 AND upvote_count >= 0 AND answer_count >= 0),
    CONSTRAINT chk_help_requests_resolved_at CHECK (status <> 'resolved' OR resolved_at IS NOT NULL)
);
CREATE INDEX idx_help_requests_user ON help_requests (user_id);
CREATE INDEX idx_help_requests_type ON help_requests (type);
CREATE INDEX idx_help_requests_status ON help_requests (status);
CREATE INDEX idx_help_requests_tags ON help_requests USING GIN (tags);

CREATE TABLE help_answers (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    help_request_id UUID NOT NULL REFERENCES help_requests (id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content TEXT NOT NULL,
    photos JSONB NOT NULL DEFAULT '[]',
    upvote_count INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_help_answers_content CHECK (btrim(content) <> ''),
    CONSTRAINT chk_help_answers_upvote_count CHECK (upvote_count >= 0)
);
CREATE INDEX idx_help_answers_request ON help_answers (help_request_id, created_at);
CREATE INDEX idx_help_answers_user ON help_answers (user_id);

ALTER TABLE help_requests ADD CONSTRAINT help_requests_best_answer_id_fkey
    FOREIGN KEY (best_answer_id) REFERENCES help_answers (id) ON DELETE SET NULL;

CREATE OR REPLACE FUNCTION check_help_best_answer()
RETURNS TRIGGER AS $$
BEGIN
    IF NEW.best_answer_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM help_answers WHERE id = NEW.best_answer_id AND help_request_id = NEW.id
    ) THEN
        RAISE EXCEPTION 'best answer % does not answer help request %', NEW.best_answer_id, NEW.id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'chk_help_requests_best_answer_same_request';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trg_help_requests_best_answer BEFORE INSERT OR UPDATE OF best_answer_id ON help_requests
    FOR EACH ROW EXECUTE FUNCTION check_help_best_answer();

-- An upvote is for a request or for an answer, once per user.
CREATE TABLE help_upvotes (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    help_request_id UUID REFERENCES help_requests (id) ON DELETE CASCADE,
    help_answer_id UUID REFERENCES help_answers (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_help_upvotes_one_target CHECK (num_nonnulls(help_request_id, help_answer_id) = 1)
);
CREATE UNIQUE INDEX idx_help_upvotes_user_request ON help_upvotes (user_id, help_request_id) WHERE help_request_id IS NOT NULL;
CREATE UNIQUE INDEX idx_help_upvotes_user_answer ON help_upvotes (user_id, help_answer_id) WHERE help_answer_id IS NOT NULL;
CREATE INDEX idx_help_upvotes_request ON help_upvotes (help_request_id);
CREATE INDEX idx_help_upvotes_answer ON help_upvotes (help_answer_id);

-- 6.4 messaging
CREATE TABLE conversations (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    type conversation_type_enum NOT NULL DEFAULT 'direct',
    name VARCHAR(255), -- group conversations
    description TEXT,
    created_by_id UUID REFERENCES users (id) ON DELETE SET NULL,
    last_message_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_conversations_created_by ON conversations (created_by_id);
CREATE INDEX idx_conversations_last_message_at ON conversations (last_message_at DESC);

CREATE TABLE conversation_participants (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    conversation_id UUID NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_read_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    role participant_role NOT NULL DEFAULT 'member',
    CONSTRAINT conversation_participants_conversation_id_user_id_key UNIQUE (conversation_id, user_id)
);
CREATE INDEX idx_conversation_participants_user ON conversation_participants (user_id);

CREATE TABLE messages (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    conversation_id UUID NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    content TEXT NOT NULL,
    message_type message_type_enum NOT NULL DEFAULT 'text',
    reply_to_id UUID REFERENCES messages (id) ON DELETE SET NULL,
    attachments JSONB NOT NULL DEFAULT '[]',
    -- The design's reactions JSONB is replaced by message_reactions (one row per user and emoji).
    edited_at TIMESTAMPTZ,
    deleted_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_messages_content_length CHECK (char_length(content) <= 10000)
);
CREATE INDEX idx_messages_conversation ON messages (conversation_id, created_at DESC);
CREATE INDEX idx_messages_user ON messages (user_id);
CREATE INDEX idx_messages_reply_to ON messages (reply_to_id);

CREATE TABLE message_reactions (
    message_id UUID NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    emoji VARCHAR(32) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (message_id, user_id, emoji),
    CONSTRAINT chk_message_reactions_emoji CHECK (char_length(emoji) BETWEEN 1 AND 32)
);
CREATE INDEX idx_message_reactions_user ON message_reactions (user_id);

-- ============================================================================================
-- 8. Armies
-- ============================================================================================
CREATE TABLE armies (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL,
    faction_id UUID REFERENCES factions (id) ON DELETE SET NULL,
    game_system_id UUID REFERENCES game_systems (id) ON DELETE SET NULL,
    description TEXT,
    points_limit INTEGER,
    is_public BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_armies_points_limit CHECK (points_limit > 0)
);
CREATE INDEX idx_armies_user_id ON armies (user_id);
CREATE INDEX idx_armies_faction_id ON armies (faction_id);
CREATE INDEX idx_armies_public ON armies (is_public) WHERE is_public = TRUE;

CREATE TABLE army_models (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    army_id UUID NOT NULL REFERENCES armies (id) ON DELETE CASCADE,
    user_model_id UUID NOT NULL REFERENCES user_models (id) ON DELETE CASCADE,
    quantity INTEGER NOT NULL DEFAULT 1,
    notes TEXT,
    added_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT army_models_army_id_user_model_id_key UNIQUE (army_id, user_model_id),
    CONSTRAINT chk_army_models_positive_quantity CHECK (quantity > 0)
);
CREATE INDEX idx_army_models_user_model_id ON army_models (user_model_id);

-- ============================================================================================
-- 9. Likes and comments (on user_models; comments also on battle reports)
-- ============================================================================================
CREATE TABLE model_likes (
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_model_id UUID NOT NULL REFERENCES user_models (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (user_id, user_model_id)
);
CREATE INDEX idx_model_likes_user_model_id ON model_likes (user_model_id);
CREATE INDEX idx_model_likes_created_at ON model_likes (created_at);

CREATE TABLE comments (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_model_id UUID REFERENCES user_models (id) ON DELETE CASCADE,
    battle_report_id UUID REFERENCES battle_reports (id) ON DELETE CASCADE,
    content TEXT NOT NULL,
    parent_comment_id UUID REFERENCES comments (id) ON DELETE CASCADE,
    is_edited BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_comments_one_target CHECK (num_nonnulls(user_model_id, battle_report_id) = 1),
    CONSTRAINT chk_comments_content CHECK (btrim(content) <> '' AND char_length(content) <= 10000),
    CONSTRAINT chk_comments_not_own_parent CHECK (parent_comment_id <> id)
);
CREATE INDEX idx_comments_user_model_id ON comments (user_model_id);
CREATE INDEX idx_comments_battle_report_id ON comments (battle_report_id);
CREATE INDEX idx_comments_user_id ON comments (user_id);
CREATE INDEX idx_comments_parent ON comments (parent_comment_id);
CREATE INDEX idx_comments_created_at ON comments (created_at);

-- ============================================================================================
-- 10. Wishlists
-- ============================================================================================
CREATE TABLE wishlists (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name VARCHAR(255) NOT NULL DEFAULT 'My Wishlist',
    description TEXT,
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    is_public BOOLEAN NOT NULL DEFAULT FALSE,
    share_token VARCHAR(64), -- random token for a share link; NULL = not shared
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT wishlists_share_token_key UNIQUE (share_token),
    CONSTRAINT chk_wishlists_share_token CHECK (char_length(share_token) >= 16)
);
CREATE INDEX idx_wishlists_user_id ON wishlists (user_id);
-- At most one default wishlist per user (the design's index, made unique).
CREATE UNIQUE INDEX idx_wishlists_default ON wishlists (user_id) WHERE is_default = TRUE;

CREATE TABLE wishlist_items (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    wishlist_id UUID NOT NULL REFERENCES wishlists (id) ON DELETE CASCADE,
    model_id UUID REFERENCES models_catalog (id) ON DELETE SET NULL,
    name VARCHAR(255) NOT NULL,
    faction_id UUID REFERENCES factions (id) ON DELETE SET NULL,
    game_system_id UUID REFERENCES game_systems (id) ON DELETE SET NULL,
    quantity INTEGER NOT NULL DEFAULT 1,
    estimated_price DECIMAL(10,2),
    currency VARCHAR(3) NOT NULL DEFAULT 'USD',
    priority wishlist_priority NOT NULL DEFAULT 'medium',
    notes TEXT,
    product_url VARCHAR(500),
    purchased_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chk_wishlist_items_quantity CHECK (quantity > 0),
    CONSTRAINT chk_wishlist_items_estimated_price CHECK (estimated_price >= 0),
    CONSTRAINT chk_wishlist_items_currency CHECK (currency ~ '^[A-Z]{3}$')
);
CREATE INDEX idx_wishlist_items_wishlist_id ON wishlist_items (wishlist_id);
CREATE INDEX idx_wishlist_items_priority ON wishlist_items (priority);
CREATE INDEX idx_wishlist_items_model_id ON wishlist_items (model_id);

-- ============================================================================================
-- 11. Activities and notifications
-- ============================================================================================
-- Partitioned by month: the primary key must include the partition key.
CREATE TABLE activities (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    activity_type activity_type NOT NULL,
    entity_type VARCHAR(50), -- 'model', 'army', 'comment', ...
    entity_id UUID,
    data JSONB,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE activities_default PARTITION OF activities DEFAULT;
CREATE INDEX idx_activities_user_id ON activities (user_id, created_at DESC);
CREATE INDEX idx_activities_type ON activities (activity_type);
CREATE INDEX idx_activities_created_at ON activities (created_at);
CREATE INDEX idx_activities_entity ON activities (entity_type, entity_id);

CREATE TABLE notifications (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type notification_type NOT NULL,
    title VARCHAR(255) NOT NULL,
    message TEXT,
    data JSONB,
    is_read BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    read_at TIMESTAMPTZ,
    CONSTRAINT chk_notifications_read_at CHECK (read_at IS NULL OR is_read)
);
CREATE INDEX idx_notifications_user_id ON notifications (user_id, created_at DESC);
CREATE INDEX idx_notifications_unread ON notifications (user_id, is_read) WHERE is_read = FALSE;
CREATE INDEX idx_notifications_created_at ON notifications (created_at);

-- ============================================================================================
-- 13. Gamification
-- ============================================================================================
CREATE TABLE achievements (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(100) NOT NULL,
    description TEXT NOT NULL,
    icon_url VARCHAR(500),
    category achievement_category,
    points INTEGER NOT NULL DEFAULT 0,
    criteria JSONB NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT achievements_name_key UNIQUE (name),
    CONSTRAINT chk_achievements_points CHECK (points >= 0)
);

CREATE TABLE user_achievements (
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    achievement_id UUID NOT NULL REFERENCES achievements (id) ON DELETE CASCADE,
    earned_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    progress JSONB,
    PRIMARY KEY (user_id, achievement_id)
);
CREATE INDEX idx_user_achievements_achievement_id ON user_achievements (achievement_id);
CREATE INDEX idx_user_achievements_earned_at ON user_achievements (earned_at);

-- ============================================================================================
-- 14. System
-- ============================================================================================
CREATE TABLE app_settings (
    key VARCHAR(100) PRIMARY KEY,
    value JSONB NOT NULL,
    description TEXT,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO app_settings (key, value, description) VALUES
    ('maintenance_mode', 'false', 'Enable/disable maintenance mode'),
    ('max_upload_size', '5242880', 'Maximum file upload size in bytes'),
    ('supported_image_types', '["jpg", "jpeg", "png", "webp"]', 'Supported image file types');

-- Partitioned like activities. Rows outlive their user (user_id SET NULL).
CREATE TABLE audit_logs (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES users (id) ON DELETE SET NULL,
    action VARCHAR(100) NOT NULL,
    table_name VARCHAR(100),
    record_id UUID,
    old_values JSONB,
    new_values JSONB,
    ip_address INET,
    user_agent TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE audit_logs_default PARTITION OF audit_logs DEFAULT;
CREATE INDEX idx_audit_logs_user_id ON audit_logs (user_id, created_at DESC);
CREATE INDEX idx_audit_logs_record ON audit_logs (table_name, record_id);
CREATE INDEX idx_audit_logs_action ON audit_logs (action);
CREATE INDEX idx_audit_logs_created_at ON audit_logs (created_at);

-- ============================================================================================
-- Partition maintenance
-- ============================================================================================
-- Creates <table>_YYYY_MM partitions (UTC months) from the current month to months_ahead months
-- ahead; returns the names it created. Idempotent, and safe to call concurrently (advisory lock).
-- Rows that already sit in the DEFAULT partition for a new month are moved into the new partition.
CREATE OR REPLACE FUNCTION ensure_monthly_partitions(parent regclass, months_ahead integer DEFAULT 3)
RETURNS SETOF text AS $$
DECLARE
    parent_schema text;
    parent_name text;
    default_partition regclass;
    month_start timestamptz;
    month_end timestamptz;
    partition_name text;
    has_rows boolean := FALSE;
    i integer;
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 120 THEN
        RAISE EXCEPTION 'months_ahead must be between 0 and 120 (got %)', months_ahead;
    END IF;
    SELECT n.nspname, c.relname INTO parent_schema, parent_name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.oid = parent AND c.relkind = 'p';
    IF parent_name IS NULL THEN
        RAISE EXCEPTION '% is not a partitioned table', parent;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('ensure_monthly_partitions'), parent::oid::integer);

    SELECT inh.inhrelid::regclass INTO default_partition
    FROM pg_inherits inh JOIN pg_class c ON c.oid = inh.inhrelid
    WHERE inh.inhparent = parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT';

    FOR i IN 0..months_ahead LOOP
        month_start := (date_trunc('month', CURRENT_TIMESTAMP AT TIME ZONE 'UTC') + make_interval(months => i)) AT TIME ZONE 'UTC';
        month_end := ((month_start AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
        partition_name := parent_name || '_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
        CONTINUE WHEN to_regclass(quote_ident(parent_schema) || '.' || quote_ident(partition_name)) IS NOT NULL;

        has_rows := FALSE;
        IF default_partition IS NOT NULL THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE created_at >= %L AND created_at < %L)',
                           default_partition, month_start, month_end) INTO has_rows;
        END IF;
        IF has_rows THEN
            -- Move that month's rows out of the default partition, then attach the new table.
            EXECUTE format('CREATE TABLE %I.%I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                           parent_schema, partition_name, parent);
            EXECUTE format('WITH moved AS (DELETE FROM %s WHERE created_at >= %L AND created_at < %L RETURNING *) '
                           'INSERT INTO %I.%I SELECT * FROM moved',
                           default_partition, month_start, month_end, parent_schema, partition_name);
            EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                           parent, parent_schema, partition_name, month_start, month_end);
        ELSE
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                           parent_schema, partition_name, parent, month_start, month_end);
        END IF;
        RETURN NEXT partition_name;
    END LOOP;
END;
$$ LANGUAGE plpgsql;

-- Detaches <table>_YYYY_MM partitions whose month ended more than keep_months months before the
-- current month (keep_months = 0 keeps only the current month). Detached tables are kept for archiving
-- unless drop_detached; returns their names.
CREATE OR REPLACE FUNCTION detach_old_partitions(parent regclass, keep_months integer, drop_detached boolean DEFAULT FALSE)
RETURNS SETOF text AS $$
DECLARE
    parent_name text;
    cutoff date;
    child record;
BEGIN
    IF keep_months IS NULL OR keep_months < 0 THEN
        RAISE EXCEPTION 'keep_months must be >= 0 (got %)', keep_months;
    END IF;
    SELECT c.relname INTO parent_name FROM pg_class c WHERE c.oid = parent AND c.relkind = 'p';
    IF parent_name IS NULL THEN
        RAISE EXCEPTION '% is not a partitioned table', parent;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('ensure_monthly_partitions'), parent::oid::integer);
    cutoff := (date_trunc('month', CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - make_interval(months => keep_months))::date;
    FOR child IN
        SELECT inh.inhrelid::regclass AS rel, c.relname,
               to_date(substring(c.relname FROM '_(\d{4}_\d{2})$'), 'YYYY_MM') AS month
        FROM pg_inherits inh JOIN pg_class c ON c.oid = inh.inhrelid
        WHERE inh.inhparent = parent
          AND c.relname ~ ('^' || parent_name || '_\d{4}_\d{2}$')
        ORDER BY c.relname
    LOOP
        CONTINUE WHEN child.month >= cutoff;
        EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', parent, child.rel);
        IF drop_detached THEN
            EXECUTE format('DROP TABLE %s', child.rel);
        END IF;
        RETURN NEXT child.relname::text;
    END LOOP;
END;
$$ LANGUAGE plpgsql;

SELECT ensure_monthly_partitions('activities', 3);
SELECT ensure_monthly_partitions('audit_logs', 3);

-- ============================================================================================
-- 15. Views (each aggregate computed on its own, so joins cannot multiply counts or sums)
-- ============================================================================================
-- Collection figures exclude wishlist items (is_wishlist: tracked, not owned). An item's faction is its
-- own faction_id, else its catalogue entry's. "Painted" = finished or showcase_ready. Money columns are
-- purchase_price * quantity (purchase_price is per unit), summed regardless of currency.
CREATE VIEW user_stats AS
SELECT
    u.id,
    u.username,
    m.total_models,
    m.total_quantity,
    m.painted_models,
    m.unpainted_models,
    m.faction_count,
    a.army_count,
    m.total_spent,
    m.unpainted_value,
    fr.follower_count,
    fg.following_count
FROM users u
CROSS JOIN LATERAL (
    SELECT
        count(*)::integer AS total_models,
        coalesce(sum(um.quantity), 0)::integer AS total_quantity,
        (count(*) FILTER (WHERE um.painting_status IN ('finished', 'showcase_ready')))::integer AS painted_models,
        (count(*) FILTER (WHERE um.painting_status = 'unpainted'))::integer AS unpainted_models,
        count(DISTINCT coalesce(um.faction_id, mc.faction_id))::integer AS faction_count,
        coalesce(sum(um.purchase_price * um.quantity), 0) AS total_spent,
        coalesce(sum(um.purchase_price * um.quantity) FILTER (WHERE um.painting_status = 'unpainted'), 0) AS unpainted_value
    FROM user_models um
    LEFT JOIN models_catalog mc ON mc.id = um.model_id
    WHERE um.user_id = u.id AND NOT um.is_wishlist
) m
CROSS JOIN LATERAL (SELECT count(*)::integer AS army_count FROM armies WHERE armies.user_id = u.id) a
CROSS JOIN LATERAL (
    SELECT count(*)::integer AS follower_count FROM user_relationships r
    WHERE r.following_id = u.id AND r.relationship_type IN ('follow', 'friend')
) fr
CROSS JOIN LATERAL (
    SELECT count(*)::integer AS following_count FROM user_relationships r
    WHERE r.follower_id = u.id AND r.relationship_type IN ('follow', 'friend')
) fg;

-- Public items of active, public profiles with their like and comment counts (counted, not the
-- denormalised counters). Order in the query: a view's ORDER BY would sort on every use.
CREATE VIEW popular_models AS
SELECT
    m.id,
    m.user_id,
    m.model_id,
    coalesce(m.name, mc.name) AS name,
    coalesce(m.faction_id, mc.faction_id) AS faction_id,
    coalesce(m.game_system_id, mc.game_system_id) AS game_system_id,
    m.painting_status,
    m.quantity,
    m.tags,
    m.created_at,
    m.updated_at,
    u.username AS owner_username,
    (SELECT count(*)::integer FROM model_likes ml WHERE ml.user_model_id = m.id) AS like_count,
    (SELECT count(*)::integer FROM comments c WHERE c.user_model_id = m.id) AS comment_count
FROM user_models m
JOIN users u ON u.id = m.user_id
LEFT JOIN models_catalog mc ON mc.id = m.model_id
WHERE m.is_public = TRUE AND NOT m.is_wishlist AND u.is_active = TRUE AND u.privacy_setting = 'public';

-- 16.1, over user_models, refreshed on a schedule with REFRESH MATERIALIZED VIEW CONCURRENTLY
-- (which needs the unique index on id).
CREATE MATERIALIZED VIEW faction_stats AS
SELECT
    f.id,
    f.name,
    f.game_system_id,
    coalesce(s.model_count, 0) AS model_count,
    coalesce(s.user_count, 0) AS user_count,
    coalesce(s.avg_painted_ratio, 0)::numeric(5,4) AS avg_painted_ratio
FROM factions f
LEFT JOIN (
    -- one row per faction, so joining it cannot multiply anything
    SELECT
        coalesce(um.faction_id, mc.faction_id) AS faction_id,
        count(*)::integer AS model_count,
        count(DISTINCT um.user_id)::integer AS user_count,
        avg(CASE WHEN um.painting_status IN ('finished', 'showcase_ready') THEN 1.0 ELSE 0.0 END) AS avg_painted_ratio
    FROM user_models um
    LEFT JOIN models_catalog mc ON mc.id = um.model_id
    WHERE NOT um.is_wishlist
    GROUP BY 1
) s ON s.faction_id = f.id;
CREATE UNIQUE INDEX idx_faction_stats_id ON faction_stats (id);
CREATE INDEX idx_faction_stats_game_system ON faction_stats (game_system_id);

-- ============================================================================================
-- updated_at triggers: every table with an updated_at column
-- ============================================================================================
CREATE TRIGGER update_users_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_oauth_providers_updated_at BEFORE UPDATE ON oauth_providers
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_game_systems_updated_at BEFORE UPDATE ON game_systems
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_factions_updated_at BEFORE UPDATE ON factions
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_models_catalog_updated_at BEFORE UPDATE ON models_catalog
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_user_models_updated_at BEFORE UPDATE ON user_models
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_battle_reports_updated_at BEFORE UPDATE ON battle_reports
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_help_requests_updated_at BEFORE UPDATE ON help_requests
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_help_answers_updated_at BEFORE UPDATE ON help_answers
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_armies_updated_at BEFORE UPDATE ON armies
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_comments_updated_at BEFORE UPDATE ON comments
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_wishlists_updated_at BEFORE UPDATE ON wishlists
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_wishlist_items_updated_at BEFORE UPDATE ON wishlist_items
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_app_settings_updated_at BEFORE UPDATE ON app_settings
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
