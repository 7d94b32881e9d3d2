-- Real-time event streams and chat additions.
--
-- stream_events is the replay log behind every tracked subscription (chat now; notifications, likes and
-- the feed later). Each stream (e.g. 'conversation:<uuid>') numbers its events 1, 2, 3, … with no gaps:
-- the writer takes a per-stream advisory transaction lock, reads max(seq) + 1 and inserts in the same
-- transaction as the domain row, so events become visible in seq order and a subscriber that replays
-- "seq > lastEventId" misses nothing and sees nothing twice. The payload holds references (message ids)
-- or small facts (emoji, role), never message text, so a deleted message leaves no copy here.
CREATE TABLE stream_events (
    stream_key VARCHAR(100) NOT NULL,
    seq BIGINT NOT NULL,
    event_type VARCHAR(50) NOT NULL,
    payload JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT stream_events_pkey PRIMARY KEY (stream_key, seq),
    CONSTRAINT chk_stream_events_seq CHECK (seq > 0)
);

-- A help thread may be opened from a help request; the thread outlives the request.
ALTER TABLE conversations ADD COLUMN help_request_id UUID REFERENCES help_requests (id) ON DELETE SET NULL;
CREATE INDEX idx_conversations_help_request ON conversations (help_request_id) WHERE help_request_id IS NOT NULL;
ALTER TABLE conversations ADD CONSTRAINT chk_conversations_help_request
    CHECK (help_request_id IS NULL OR type = 'help_thread');

-- One direct conversation per pair of users: '<smaller user id>:<larger user id>', unique, so two
-- simultaneous "start a chat" calls end up in the same conversation.
ALTER TABLE conversations ADD COLUMN direct_key VARCHAR(73);
CREATE UNIQUE INDEX idx_conversations_direct_key ON conversations (direct_key) WHERE direct_key IS NOT NULL;
ALTER TABLE conversations ADD CONSTRAINT chk_conversations_direct_key
    CHECK (direct_key IS NULL OR type = 'direct');
