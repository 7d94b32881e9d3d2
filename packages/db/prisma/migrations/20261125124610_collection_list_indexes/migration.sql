-- Indexes for collection.list / collection.groups, which always read one owner's items
-- (user_models.user_id = $owner AND NOT is_wishlist) and then filter and sort them. The design's
-- single-column indexes span every user's rows: on a shared table a 10k-item collection was read by
-- walking the global created_at index and discarding other people's rows (EXPLAIN on 10k of 69k
-- rows: 61k rows removed by the filter for one page). Each index below leads with user_id and is
-- partial on NOT is_wishlist (the collection never lists wishlist items), so a query reads only the
-- owner's rows.

-- Default order (newest first) and its keyset cursor (created_at, id) < ($at, $id), walked backwards.
-- INCLUDE carries the scalar filter columns and quantity, so a page filtered by stage, condition,
-- faction, game system, showcase or visibility (and the groups' counts) is an index-only scan.
CREATE INDEX idx_user_models_user_created ON user_models (user_id, created_at, id)
    INCLUDE (painting_status, condition, faction_id, game_system_id, model_id, is_public, is_showcase, quantity)
    WHERE NOT is_wishlist;

-- Stage filters: one stage is read already in added order; several are gathered by bitmap.
CREATE INDEX idx_user_models_user_status ON user_models (user_id, painting_status, created_at, id) WHERE NOT is_wishlist;

-- Faction / game-system filters: an item's own faction_id or game_system_id, or (when it has none)
-- its catalogue entry's, found through model_id = ANY(<that faction's catalogue entries>).
CREATE INDEX idx_user_models_user_faction ON user_models (user_id, faction_id) WHERE NOT is_wishlist;
CREATE INDEX idx_user_models_user_game_system ON user_models (user_id, game_system_id) WHERE NOT is_wishlist;
CREATE INDEX idx_user_models_user_model ON user_models (user_id, model_id) WHERE NOT is_wishlist;
