-- Account deletion with a grace period: account.requestDeletion sets the time, signing in and calling
-- account.cancelDeletion clears it, and the API's purge timer deletes accounts whose time has passed.
ALTER TABLE users ADD COLUMN deletion_scheduled_at TIMESTAMPTZ;
-- The purge looks only at the few accounts with a date set.
CREATE INDEX idx_users_deletion_scheduled_at ON users (deletion_scheduled_at) WHERE deletion_scheduled_at IS NOT NULL;
