-- The feature tables as Thawbot made them before bot.storage recorded migrations
-- (dumped from a database the code at 72e1401 created): a test upgrades it.
CREATE TABLE debate_debates (
    id integer primary key, guild_id integer not null, channel_id integer not null,
    motion text not null, format text not null, status text not null,
    moderator_id integer not null, moderator_name text not null, created_at text not null,
    scheduled_for text, started_at text, ended_at text, start_announced integer default 0,
    thread_id integer, lobby_message_id integer, timer_message_id integer,
    poll_before_id integer, poll_after_id integer
);
CREATE UNIQUE INDEX debate_debates_one_per_channel
    on debate_debates (channel_id) where status != 'ended';
CREATE TABLE debate_participants (
    debate_id integer not null references debate_debates(id), member_id integer not null,
    name text not null, side text not null, seq integer not null, joined_at text not null,
    assigned integer default 0, primary key (debate_id, member_id)
);
CREATE TABLE debate_speeches (
    id integer primary key, debate_id integer not null references debate_debates(id),
    position integer not null, round_name text not null, side text not null,
    speaker_id integer not null, speaker_name text not null, seconds integer not null,
    pois_allowed integer not null, status text not null, started_at text, ended_at text,
    paused_at text, paused_seconds real default 0, extended integer default 0,
    announced text default '', timer_message_id integer, unique (debate_id, position)
);
CREATE TABLE debate_pois (
    id integer primary key, debate_id integer not null references debate_debates(id),
    speech_id integer not null references debate_speeches(id), member_id integer not null,
    name text not null, side text not null, offered_at text not null, status text not null,
    answered_at text, speech_seconds real
);
CREATE TABLE debate_arguments (
    id integer primary key, debate_id integer not null references debate_debates(id),
    speech_id integer references debate_speeches(id), side text not null,
    author_id integer not null, author_name text not null, kind text not null,
    answers_id integer references debate_arguments(id), claim text not null, reasoning text not null,
    created_at text not null
);
CREATE TABLE debate_evidence (
    argument_id integer not null references debate_arguments(id), position integer not null,
    passage_id text not null, text text not null, citation text not null, title text not null,
    reading text not null, refs text not null, primary key (argument_id, position)
);
CREATE TABLE debate_votes (
    debate_id integer not null references debate_debates(id), stage text not null,
    member_id integer not null, side text not null, at text not null,
    primary key (debate_id, stage, member_id)
);
CREATE TABLE debate_tips (
    id integer primary key, debate_id integer not null references debate_debates(id),
    side text not null, member_id integer not null, name text not null,
    passage_id text not null, note text not null, at text not null,
    speech_id integer references debate_speeches(id)
);
CREATE TABLE debate_drafts (
    id integer primary key, debate_id integer not null references debate_debates(id),
    author_id integer not null, claim text not null, reasoning text not null, at text not null
);
CREATE TABLE debate_outbox (id integer primary key autoincrement, debate_id integer not null, kind text not null, text text not null, channel_id integer not null, speech_id integer, seconds_left integer, timer_message_id integer, until text not null, tries integer not null default 0);
CREATE TABLE "facts_schedules" (
   "guild_id" INTEGER PRIMARY KEY,
   "channel_id" INTEGER NOT NULL,
   "local_time" TEXT NOT NULL,
   "timezone" TEXT NOT NULL,
   "role_id" INTEGER,
   "thread" INTEGER DEFAULT 0,
   "paused" INTEGER DEFAULT 0,
   "pause_reason" TEXT,
   "moderator_id" INTEGER,
   "active_since" TEXT NOT NULL,
   "last_posted_date" TEXT,
   "updated_at" TEXT
);
CREATE TABLE "facts_posts" (
   "id" INTEGER PRIMARY KEY,
   "guild_id" INTEGER NOT NULL,
   "channel_id" INTEGER,
   "fact_id" TEXT NOT NULL,
   "round" INTEGER NOT NULL,
   "local_date" TEXT NOT NULL,
   "kind" TEXT NOT NULL,
   "status" TEXT NOT NULL,
   "message_id" INTEGER,
   "reason" TEXT,
   "claimed_at" TEXT,
   "updated_at" TEXT
);
CREATE UNIQUE INDEX facts_posts_one_daily_per_day on facts_posts (guild_id, local_date) where kind = 'daily';
CREATE INDEX facts_posts_by_guild on facts_posts (guild_id, round);
CREATE INDEX facts_posts_used on facts_posts (guild_id, round) where status in ('claimed', 'sent', 'skipped');
CREATE INDEX facts_posts_by_status on facts_posts (guild_id, status);
CREATE TABLE "quote_queries" (
   "token" TEXT PRIMARY KEY,
   "query" TEXT
);
CREATE TABLE "readings" (
   "id" TEXT PRIMARY KEY,
   "guild_id" INTEGER,
   "meta" TEXT,
   "text" TEXT,
   "added_at" REAL
);
