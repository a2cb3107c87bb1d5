import type { SqlClient } from './sql-client.ts';

/** Ordered, append-only schema changes; each runs once, in a transaction, recorded in schema_migrations. */
const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      create table visitors (
        id text primary key, token_hash text unique not null, channel text not null, external_id text,
        page text, language text, name text, tags jsonb not null default '[]', blocked boolean not null default false,
        created_at timestamptz not null default now());
      create unique index visitors_channel_external on visitors (channel, external_id) where external_id is not null;
      create table conversations (
        id text primary key, visitor_id text not null references visitors(id), state text not null,
        assigned_agent_id text, handoff_reason text, no_answer_streak int not null default 0,
        queued_at timestamptz, assigned_at timestamptz, first_response_at timestamptz, closed_at timestamptz,
        csat int, csat_comment text, last_message text, created_at timestamptz not null default now(),
        updated_at timestamptz not null default now());
      create index conversations_state on conversations (state, queued_at);
      create index conversations_visitor on conversations (visitor_id, created_at desc);
      create table messages (
        id text primary key, conversation_id text not null references conversations(id), seq int not null,
        client_id text, type text not null, body jsonb not null, created_at timestamptz not null default now(),
        unique (conversation_id, seq), unique (conversation_id, client_id));
      create table agents (
        id text primary key, email text unique not null, name text not null, role text not null,
        password_hash text not null, max_conversations int not null default 5, created_at timestamptz not null default now());
      create table feedback (
        message_id text primary key, conversation_id text not null, helpful boolean not null, created_at timestamptz not null default now());
      create table unanswered (
        id bigserial primary key, conversation_id text not null, text text not null, created_at timestamptz not null default now());
      create table knowledge_entries (id text primary key, entry jsonb not null, updated_at timestamptz not null default now());
      create table left_messages (
        id text primary key, visitor_id text not null, name text, contact text not null, text text not null,
        created_at timestamptz not null default now());
      create table canned_replies (id text primary key, title text not null, text text not null);
      create table kv (key text primary key, value text not null, expires_at timestamptz);
      create table settings (key text primary key, value text not null);`,
  },
  {
    version: 2,
    sql: `alter table conversations add column if not exists flow_state jsonb`,
  },
  {
    version: 3,
    sql: `
      alter table unanswered add column if not exists resolved_at timestamptz;
      alter table unanswered add column if not exists kind text not null default 'no-answer';
      create index if not exists unanswered_open on unanswered (text) where resolved_at is null;
      create index if not exists messages_type_time on messages (type, created_at)`,
  },
  {
    version: 4,
    sql: `
      alter table visitors add column if not exists opted_out_at timestamptz;
      alter table visitors add column if not exists graylisted boolean not null default false;
      create table if not exists campaigns (
        id text primary key, text text not null, segment jsonb not null, created_by text not null,
        created_at timestamptz not null default now(), result jsonb);
      create table if not exists proactive_sends (
        id bigserial primary key, campaign_id text not null, visitor_id text not null, sent_at timestamptz not null default now());
      create index if not exists proactive_sends_visitor on proactive_sends (visitor_id, sent_at)`,
  },
  {
    version: 5,
    sql: `
      create table if not exists files (
        id text primary key, conversation_id text not null references conversations(id), name text not null, mime text not null,
        size int not null, bytes bytea not null, created_at timestamptz not null default now());
      create index if not exists files_conversation on files (conversation_id)`,
  },
  {
    version: 6,
    sql: `create index if not exists conversations_quiet on conversations (state, updated_at) where state in ('bot', 'agent')`,
  },
  {
    version: 7,
    sql: `alter table agents add column if not exists active boolean not null default true`,
  },
  {
    version: 8,
    sql: `
      create table if not exists webhooks (
        id text primary key, url text not null, events jsonb not null, format text not null, secret text,
        active boolean not null default true, created_at timestamptz not null default now());
      create table if not exists webhook_deliveries (
        id text primary key, webhook_id text not null references webhooks(id) on delete cascade, event text not null,
        visitor_id text, data jsonb not null, status text not null default 'pending', attempts int not null default 0,
        next_attempt_at timestamptz not null default now(), locked_until timestamptz, last_status int, last_error text,
        created_at timestamptz not null default now(), delivered_at timestamptz);
      create index if not exists webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
      create index if not exists webhook_deliveries_hook on webhook_deliveries (webhook_id, created_at);
      create index if not exists webhook_deliveries_visitor on webhook_deliveries (visitor_id)`,
  },
  {
    version: 9,
    sql: `
      alter table agents add column if not exists groups jsonb not null default '[]';
      alter table visitors add column if not exists skill_group text;
      alter table conversations add column if not exists skill_group text`,
  },
  {
    version: 10,
    sql: `alter table agents add column if not exists chosen_status text not null default 'online'`,
  },
  {
    // A verified visitor's other devices: each keeps its own token (a new device no longer signs the others out).
    version: 11,
    sql: `
      create table if not exists visitor_tokens (token_hash text primary key, visitor_id text not null, created_at timestamptz not null default now());
      create index if not exists visitor_tokens_visitor on visitor_tokens (visitor_id, created_at)`,
  },
  {
    // Per agent, so a conversation transferred to someone else is unread for them.
    version: 12,
    sql: `
      create table if not exists agent_reads (
        conversation_id text not null references conversations(id), agent_id text not null, read_seq int not null,
        primary key (conversation_id, agent_id))`,
  },
  {
    // An operator may keep a 👍 out of the bot's training (a wrong answer voted helpful) and the vote still counts in analytics.
    version: 13,
    sql: `alter table feedback add column if not exists teaches boolean not null default true`,
  },
];

export async function migrate(db: SqlClient): Promise<void> {
  await db.query('create table if not exists schema_migrations (version int primary key, applied_at timestamptz not null default now())');
  const done = new Set((await db.query<{ version: number }>('select version from schema_migrations')).map((r) => r.version));
  for (const { version, sql } of MIGRATIONS) {
    if (done.has(version)) continue;
    await db.transaction(async (tx) => {
      for (const statement of sql.split(';').map((s) => s.trim()).filter(Boolean)) await tx.query(statement);
      await tx.query('insert into schema_migrations (version) values ($1) on conflict do nothing', [version]);
    });
  }
}
