-- Access sessions for mobile and internal clients: issued beside a refresh token, they live a fixed
-- 15 minutes (sliding = FALSE) and belong to the refresh-token family, so revoking the family (reuse,
-- sign-out, password change) ends them too. Web cookie and plain bearer sessions keep sliding.
ALTER TABLE sessions ADD COLUMN sliding BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE sessions ADD COLUMN refresh_family_id UUID;
CREATE INDEX idx_sessions_refresh_family_id ON sessions (refresh_family_id) WHERE refresh_family_id IS NOT NULL;
