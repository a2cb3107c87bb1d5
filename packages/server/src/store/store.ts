import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ChatMessage, TrainingPair } from '@chatbot/protocol';
import type { FlowState, KnowledgeEntry } from '@chatbot/core';
import { agentReadQueries } from './agent-read-queries.ts';
import { analyticsQueries, visitorSpoke } from './analytics-queries.ts';
import { botSettingsQueries } from './bot-settings-queries.ts';
import { fileQueries } from './file-queries.ts';
import { conversationSearch, likePattern } from './conversation-search.ts';
import { teamQueries } from './team-queries.ts';
import { visitorErasure } from './visitor-erasure.ts';
import { enqueueWebhookEvent, webhookQueries, type WebhookAnnouncement } from './webhook-queries.ts';
import { patchConversationIn, type PatchGuard } from './patch-conversation.ts';
import { insertMessage, type StoredMessage } from './insert-message.ts';
import { visitorHistoryQueries } from './visitor-history-queries.ts';
import { migrate } from './migrations.ts';
import { proactiveQueries } from './proactive-queries.ts';
import { unansweredQueries } from './unanswered-queries.ts';
import { visitorSegments } from './visitor-segments.ts';
import { waitingQuestionQueries } from './waiting-questions.ts';
import { OPEN_CONVERSATION, openConversationIn, visitorMessageQueries } from './visitor-message.ts';
import type { AgentRecord, ConversationPatch, ConversationRecord, MessageDraft, VisitorRecord } from './records.ts';
import { createPgClient, createPgliteClient, type SqlClient } from './sql-client.ts';
import { agentFrom, conversationFrom, messageFrom, visitorFrom, type Row } from './rows.ts';

/** The bot learns at most this many of one visitor's 👍 votes (their newest). */
export const MAX_PAIRS_PER_VISITOR = 5;

export interface StoreOptions {
  /** PostgreSQL; without it an embedded PGlite. */
  databaseUrl?: string;
  /** PGlite folder; undefined keeps the embedded database in memory. */
  dataDir?: string;
  /** PostgreSQL schema (tests use a fresh one each run). */
  schema?: string;
}

/** What is written with a conversation's change: the webhook event reporting it, and a hand-off step's system line (with its message.created when `announceLine`). */
export interface PatchRecords {
  announce?: WebhookAnnouncement<ConversationRecord>;
  line?: MessageDraft;
  announceLine?: boolean;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** Devices a verified visitor stays signed in on at once (their phone, laptop, work computer, …). */
const MAX_DEVICE_TOKENS = 20;

/**
 * Everything the server keeps: visitors, conversations, messages, agents, feedback, unanswered questions,
 * the knowledge base, canned replies, left messages and a small key-value table for channels.
 * One SQL implementation serves both the embedded PGlite and a PostgreSQL server.
 */
export async function createStore(options: StoreOptions = {}) {
  const db: SqlClient = options.databaseUrl ? await createPgClient(options.databaseUrl, options.schema ? { schema: options.schema } : {}) : await createPgliteClient(options.dataDir);
  await migrate(db);
  const one = async <T>(sql: string, params: unknown[]) => (await db.query<T>(sql, params))[0];
  /** Adds or replaces the entries in one transaction: all are stored or none. */
  /** Changes an entry (`write`) only while `matches` accepts the stored one, compared under a row lock; 'gone' when there is none. */
  const changeKnowledgeEntryIf = <Done extends string>(id: string, matches: (stored: KnowledgeEntry) => boolean, done: Done, write: (tx: SqlClient) => Promise<unknown>): Promise<Done | 'changed' | 'gone'> => db.transaction(async (tx) => {
    const [row] = await tx.query<{ entry: KnowledgeEntry }>('select entry from knowledge_entries where id = $1 for update', [id]);
    if (!row) return 'gone';
    if (!matches(row.entry)) return 'changed';
    await write(tx);
    return done;
  });
  const putKnowledgeEntries = (entries: KnowledgeEntry[]): Promise<void> => db.transaction(async (tx) => {
    for (const entry of entries) await tx.query('insert into knowledge_entries (id, entry) values ($1, $2) on conflict (id) do update set entry = excluded.entry, updated_at = now()', [entry.id, JSON.stringify(entry)]);
  });

  return {
    ...unansweredQueries(db),
    ...analyticsQueries(db),
    ...visitorSegments(db),
    ...proactiveQueries(db),
    ...botSettingsQueries(db),
    ...fileQueries(db),
    ...visitorHistoryQueries(db),
    ...conversationSearch(db),
    ...teamQueries(db),
    ...agentReadQueries(db),
    ...visitorErasure(db),
    ...webhookQueries(db),
    ...waitingQuestionQueries(db),
    ...visitorMessageQueries(db),
    kind: options.databaseUrl ? ('postgres' as const) : ('embedded' as const),
    db,
    async createVisitor(input: { channel: string; page?: string; language?: string; name?: string; externalId?: string; group?: string | null }): Promise<{ visitor: VisitorRecord; token: string }> {
      const token = randomBytes(24).toString('base64url');
      const row = await one<Row>(
        'insert into visitors (id, token_hash, channel, external_id, page, language, name, skill_group) values ($1,$2,$3,$4,$5,$6,$7,$8) returning *',
        [randomUUID(), hashToken(token), input.channel, input.externalId ?? null, input.page ?? null, input.language ?? null, input.name ?? null, input.group ?? null],
      );
      return { visitor: visitorFrom(row!), token };
    },
    async visitorByToken(token: string): Promise<VisitorRecord | undefined> {
      const hash = hashToken(token);
      const row = (await one<Row>('select * from visitors where token_hash = $1', [hash])) ?? (await one<Row>('select v.* from visitor_tokens t join visitors v on v.id = t.visitor_id where t.token_hash = $1', [hash]));
      return row && visitorFrom(row);
    },
    /**
     * A token for one more device of a visitor who proved who they are another way (identity verification).
     * The tokens of their other devices keep working; the oldest go beyond the last MAX_DEVICE_TOKENS.
     */
    async issueVisitorToken(visitorId: string): Promise<string> {
      const token = randomBytes(24).toString('base64url');
      await db.transaction(async (tx) => {
        await tx.query('insert into visitor_tokens (token_hash, visitor_id) values ($1, $2)', [hashToken(token), visitorId]);
        await tx.query('delete from visitor_tokens where visitor_id = $1 and token_hash not in (select token_hash from visitor_tokens where visitor_id = $1 order by created_at desc limit $2)', [visitorId, MAX_DEVICE_TOKENS]);
      });
      return token;
    },
    async visitorByExternalId(channel: string, externalId: string): Promise<VisitorRecord | undefined> {
      const row = await one<Row>('select * from visitors where channel = $1 and external_id = $2', [channel, externalId]);
      return row && visitorFrom(row);
    },
    async getVisitor(id: string): Promise<VisitorRecord | undefined> {
      const row = await one<Row>('select * from visitors where id = $1', [id]);
      return row && visitorFrom(row);
    },
    /** Several visitors in one query (a page of conversation summaries). */
    async visitorsByIds(ids: readonly string[]): Promise<Map<string, VisitorRecord>> {
      if (ids.length === 0) return new Map();
      const rows = await db.query<Row>('select * from visitors where id = any($1::text[])', [[...new Set(ids)]]);
      return new Map(rows.map((row) => [String(row['id']), visitorFrom(row)]));
    },
    /** `group`: the agents' group the visitor's current page asks for (null: none). */
    async updateVisitor(id: string, patch: { page?: string; language?: string; name?: string; blocked?: boolean; addTags?: string[]; group?: string | null }): Promise<void> {
      await db.query(
        `update visitors set page = coalesce($2, page), language = coalesce($3, language), name = coalesce($4, name), blocked = coalesce($5, blocked),
           skill_group = case when $7::boolean then $8 else skill_group end,
           tags = (select coalesce(jsonb_agg(distinct t), '[]') from jsonb_array_elements_text(tags || coalesce($6::jsonb, '[]')) t) where id = $1`,
        [id, patch.page ?? null, patch.language ?? null, patch.name ?? null, patch.blocked ?? null, patch.addTags ? JSON.stringify(patch.addTags) : null, 'group' in patch, patch.group ?? null],
      );
    },
    /** The visitor's open conversation, if any. */
    async openConversation(visitorId: string): Promise<ConversationRecord | undefined> {
      const row = await one<Row>(OPEN_CONVERSATION, [visitorId]);
      return row && conversationFrom(row);
    },
    /** The visitor's open conversation, or a new one in the bot state; several messages at once (two tabs, a channel's burst) open one. */
    async currentConversation(visitorId: string): Promise<ConversationRecord> {
      const open = await one<Row>(OPEN_CONVERSATION, [visitorId]);
      if (open) return conversationFrom(open);
      // The look is repeated under the visitor's row lock.
      return db.transaction((tx) => openConversationIn(tx, visitorId));
    },
    async getConversation(id: string): Promise<ConversationRecord | undefined> {
      const row = await one<Row>('select * from conversations where id = $1', [id]);
      return row && conversationFrom(row);
    },
    /** The visitor's most recently closed conversation (the one a rating is for). */
    async latestClosedConversation(visitorId: string): Promise<ConversationRecord | undefined> {
      const row = await one<Row>("select * from conversations where visitor_id = $1 and state = 'closed' order by closed_at desc nulls last, created_at desc limit 1", [visitorId]);
      return row && conversationFrom(row);
    },
    /** In queue order (longest waiting first), or `newestFirst` (the most recent `limit` of them). */
    async listConversations(filter: { states?: string[]; agentId?: string; query?: string; limit?: number; newestFirst?: boolean } = {}): Promise<ConversationRecord[]> {
      const rows = await db.query<Row>(
        `select c.* from conversations c where ($1::text[] is null or c.state = any($1)) and ($2::text is null or c.assigned_agent_id = $2)
           and ($3::text is null or exists (select 1 from messages m where m.conversation_id = c.id and coalesce(m.body->>'text', m.body->'file'->>'name') ilike $3))
         order by ${filter.newestFirst ? 'c.created_at desc, c.id' : 'coalesce(c.queued_at, c.created_at)'} limit $4`,
        [filter.states ?? null, filter.agentId ?? null, filter.query ? likePattern(filter.query) : null, filter.limit ?? 500],
      );
      return rows.map(conversationFrom);
    },
    /** Applies a patch only while the guard holds (see patchConversationIn). */
    async patchConversation(id: string, patch: ConversationPatch, guard: PatchGuard = {}): Promise<ConversationRecord | undefined> {
      return patchConversationIn(db, id, patch, guard);
    },
    /**
     * A patch (only while the guard holds) with what reports it, in one transaction: the webhook event and, for a
     * hand-off step, the system line saying what happened. No crash leaves the change without them. Undefined when
     * it did not apply.
     */
    async patchConversationWith(id: string, patch: ConversationPatch, guard: PatchGuard, records: PatchRecords): Promise<{ conversation: ConversationRecord; line?: StoredMessage } | undefined> {
      return db.transaction(async (tx) => {
        const conversation = await patchConversationIn(tx, id, patch, guard);
        if (!conversation) return undefined;
        if (records.announce) await enqueueWebhookEvent(tx, records.announce.event, conversation.visitorId, records.announce.data(conversation));
        return records.line ? { conversation, line: await insertMessage(tx, id, records.line, records.announceLine ?? false) } : { conversation };
      });
    },
    /** Open conversations in `state` with nothing new (no message, no change) since `quietSince`, oldest first. */
    async quietConversations(state: 'bot' | 'agent', quietSince: Date, limit = 200): Promise<ConversationRecord[]> {
      const rows = await db.query<Row>('select * from conversations where state = $1 and updated_at <= $2 order by updated_at limit $3', [state, quietSince, limit]);
      return rows.map(conversationFrom);
    },
    /** Keeps the conversation's task-flow state (null when no flow runs). */
    async setFlowState(id: string, state: FlowState | null): Promise<void> {
      await db.query('update conversations set flow_state = $2, updated_at = now() where id = $1', [id, state === null ? null : JSON.stringify(state)]);
    },
    /** Stores a message with the next sequence number; a repeated clientId returns the stored one (CLIENT_ID_TAKEN when another sender or kind wrote it). */
    async appendMessage(conversationId: string, draft: MessageDraft, announce = true): Promise<StoredMessage> {
      return db.transaction((tx) => insertMessage(tx, conversationId, draft, announce));
    },
    /** The last `count` messages, oldest first (the bot's history window). */
    async recentMessages(conversationId: string, count: number): Promise<ChatMessage[]> {
      const rows = await db.query<Row>('select * from messages where conversation_id = $1 order by seq desc limit $2', [conversationId, count]);
      return rows.reverse().map(messageFrom);
    },
    /** The conversation's messages after `afterSeq`, oldest first: all of them unless a `limit` is given. */
    async messages(conversationId: string, afterSeq = 0, limit?: number): Promise<ChatMessage[]> {
      const rows = await db.query<Row>('select * from messages where conversation_id = $1 and seq > $2 order by seq limit $3', [conversationId, afterSeq, limit ?? null]);
      return rows.map(messageFrom);
    },
    async getMessage(id: string): Promise<ChatMessage | undefined> {
      const row = await one<Row>('select * from messages where id = $1', [id]);
      return row && messageFrom(row);
    },
    async createAgent(input: Omit<AgentRecord, 'id' | 'active' | 'groups' | 'chosenStatus'> & { groups?: string[] }): Promise<AgentRecord> {
      const id = randomUUID();
      const groups = input.groups ?? [];
      await db.query('insert into agents (id, email, name, role, password_hash, max_conversations, groups) values ($1,$2,$3,$4,$5,$6,$7)', [id, input.email.toLowerCase(), input.name, input.role, input.passwordHash, input.maxConversations, JSON.stringify(groups)]);
      return { id, ...input, email: input.email.toLowerCase(), active: true, groups, chosenStatus: 'online' };
    },
    async agentByEmail(email: string): Promise<AgentRecord | undefined> {
      const row = await one<Row>('select * from agents where email = $1', [email.toLowerCase()]);
      return row && agentFrom(row);
    },
    async agentById(id: string): Promise<AgentRecord | undefined> {
      const row = await one<Row>('select * from agents where id = $1', [id]);
      return row && agentFrom(row);
    },
    async listAgents(): Promise<AgentRecord[]> {
      return (await db.query<Row>('select * from agents order by name')).map(agentFrom);
    },
    async activeCounts(): Promise<Map<string, number>> {
      const rows = await db.query<{ agent: string; n: string }>("select assigned_agent_id as agent, count(*) as n from conversations where state = 'agent' group by 1");
      return new Map(rows.map((r) => [r.agent, Number(r.n)]));
    },
    async addFeedback(messageId: string, conversationId: string, helpful: boolean): Promise<void> {
      await db.query('insert into feedback (message_id, conversation_id, helpful) values ($1,$2,$3) on conflict (message_id) do update set helpful = excluded.helpful', [messageId, conversationId, helpful]);
    },
    /**
     * Visitor questions confirmed by a "helpful" vote on the bot's answer, newest first: (question, entry) pairs
     * the model learns from, unless an operator forgot them. At most `perVisitor` from one visitor, so no one
     * visitor's votes outweigh everyone else's. After a picked "did you mean" chip the visitor's message is the
     * entry's own question: what they asked before the chips is what the bot learns.
     */
    async confirmedPairs(limit = 5000, perVisitor = MAX_PAIRS_PER_VISITOR): Promise<TrainingPair[]> {
      const rows = await db.query<{ text: string; entry_id: string; message_id: string; voted_at: Date }>(
        `select coalesce(p.body->>'text', q.body->>'text') as text, a.body->>'entryId' as entry_id, f.message_id, f.created_at as voted_at
           from (select f.*, row_number() over (partition by c.visitor_id order by f.created_at desc) as nth
                   from feedback f join conversations c on c.id = f.conversation_id
                  where f.helpful and f.teaches) f
           join messages a on a.id = f.message_id and a.type = 'bot-answer'
           join lateral (select body, seq from messages v where v.conversation_id = a.conversation_id and v.seq < a.seq and v.type = 'visitor-text' order by v.seq desc limit 1) q on true
           left join lateral (
             select o.body from (select seq, type, body from messages m where m.conversation_id = a.conversation_id and m.seq < q.seq and m.type <> 'note' order by m.seq desc limit 1) s
               join lateral (select body from messages o where o.conversation_id = a.conversation_id and o.seq < s.seq and o.type = 'visitor-text' order by o.seq desc limit 1) o on true
              where s.type = 'bot-suggest' and s.body->'suggestions' @> jsonb_build_array(jsonb_build_object('entryId', a.body->>'entryId', 'question', q.body->>'text'))) p on true
          where f.nth <= $2
          order by f.created_at desc limit $1`,
        [limit, perVisitor],
      );
      return rows.filter((r) => r.text && r.entry_id).map((r) => ({ text: r.text, entryId: r.entry_id, messageId: r.message_id, votedAt: new Date(r.voted_at).toISOString() }));
    },
    /** Keeps a 👍 out of training (it still counts as a vote); false when no teaching vote is on that answer. */
    async forgetPair(messageId: string): Promise<boolean> {
      return (await db.query('update feedback set teaches = false where message_id = $1 and helpful and teaches returning message_id', [messageId])).length > 0;
    },
    /** Changes whenever a "helpful" vote is cast, withdrawn or erased: the learning schedule retrains on a change. */
    async helpfulVotesMark(): Promise<string> {
      const [row] = await db.query<{ n: string; newest: string | null }>('select count(*) as n, max(created_at)::text as newest from feedback where helpful and teaches');
      return `${row?.n ?? 0}:${row?.newest ?? ''}`;
    },
    /** A question the bot could not answer (`no-answer`), was unsure of (`suggest`) or answered unhelpfully (`not-helpful`). */
    async addUnanswered(conversationId: string, text: string, kind: 'no-answer' | 'suggest' | 'not-helpful' = 'no-answer'): Promise<void> {
      await db.query('insert into unanswered (conversation_id, text, kind) values ($1, $2, $3)', [conversationId, text.slice(0, 2000), kind]);
    },
    async knowledgeEntries(): Promise<KnowledgeEntry[]> {
      return (await db.query<{ entry: KnowledgeEntry }>('select entry from knowledge_entries order by id')).map((r) => r.entry);
    },
    /** Changes whenever an entry is added, changed or removed: a node compares it before re-reading the whole knowledge base. */
    async knowledgeVersion(): Promise<string> {
      const row = await one<{ version: string }>("select md5(coalesce(string_agg(id || '@' || updated_at::text, ',' order by id), '')) as version from knowledge_entries", []);
      return row!.version;
    },
    async knowledgeEntry(id: string): Promise<KnowledgeEntry | undefined> {
      return (await one<{ entry: KnowledgeEntry }>('select entry from knowledge_entries where id = $1', [id]))?.entry;
    },
    async putKnowledgeEntry(entry: KnowledgeEntry): Promise<void> {
      await putKnowledgeEntries([entry]);
    },
    putKnowledgeEntries,
    /**
     * Replaces an entry only while the stored one still `matches` (what the editor saw): 'changed' when another
     * save came first, 'gone' when it was deleted; nothing is written then. The row is locked while it is compared.
     */
    replaceKnowledgeEntryIf: (entry: KnowledgeEntry, matches: (stored: KnowledgeEntry) => boolean): Promise<'replaced' | 'changed' | 'gone'> =>
      changeKnowledgeEntryIf(entry.id, matches, 'replaced', (tx) => tx.query('update knowledge_entries set entry = $2, updated_at = now() where id = $1', [entry.id, JSON.stringify(entry)])),
    /** Adds an entry unless one with its id exists (on any node); false when it does. */
    async insertKnowledgeEntry(entry: KnowledgeEntry): Promise<boolean> {
      return (await db.query('insert into knowledge_entries (id, entry) values ($1, $2) on conflict (id) do nothing returning id', [entry.id, JSON.stringify(entry)])).length > 0;
    },
    async deleteKnowledgeEntry(id: string): Promise<boolean> {
      return (await db.query('delete from knowledge_entries where id = $1 returning id', [id])).length > 0;
    },
    /** Deletes an entry only while `matches` accepts the stored one, compared under a row lock as replaceKnowledgeEntryIf does. */
    deleteKnowledgeEntryIf: (id: string, matches: (stored: KnowledgeEntry) => boolean): Promise<'deleted' | 'changed' | 'gone'> =>
      changeKnowledgeEntryIf(id, matches, 'deleted', (tx) => tx.query('delete from knowledge_entries where id = $1', [id])),
    /** With `announce`, its webhook event is queued in the same transaction. */
    async leaveMessage(visitorId: string, input: { name?: string; contact: string; text: string }, announce?: WebhookAnnouncement<undefined>): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.query('insert into left_messages (id, visitor_id, name, contact, text) values ($1,$2,$3,$4,$5)', [randomUUID(), visitorId, input.name ?? null, input.contact, input.text]);
        if (announce) await enqueueWebhookEvent(tx, announce.event, visitorId, announce.data(undefined));
      });
    },
    async leftMessages(): Promise<{ id: string; visitorId: string; name: string | null; contact: string; text: string; createdAt: string }[]> {
      const rows = await db.query<Row>('select * from left_messages order by created_at desc limit 500');
      return rows.map((r) => ({ id: String(r['id']), visitorId: String(r['visitor_id']), name: (r['name'] as string | null) ?? null, contact: String(r['contact']), text: String(r['text']), createdAt: new Date(r['created_at'] as string).toISOString() }));
    },
    async cannedReplies(): Promise<{ id: string; title: string; text: string }[]> {
      return db.query('select id, title, text from canned_replies order by title');
    },
    async putCannedReply(reply: { id?: string; title: string; text: string }): Promise<{ id: string; title: string; text: string }> {
      const id = reply.id ?? randomUUID();
      await db.query('insert into canned_replies (id, title, text) values ($1,$2,$3) on conflict (id) do update set title = excluded.title, text = excluded.text', [id, reply.title, reply.text]);
      return { id, title: reply.title, text: reply.text };
    },
    async setting(key: string): Promise<string | undefined> {
      return (await one<{ value: string }>('select value from settings where key = $1', [key]))?.value;
    },
    /** Stores the value unless one exists; returns the value that is stored. */
    async settingIfAbsent(key: string, value: string): Promise<string> {
      await db.query('insert into settings (key, value) values ($1, $2) on conflict (key) do nothing', [key, value]);
      return (await one<{ value: string }>('select value from settings where key = $1', [key]))!.value;
    },
    kv: {
      async get(key: string): Promise<string | undefined> {
        return (await one<{ value: string }>('select value from kv where key = $1 and (expires_at is null or expires_at > now())', [key]))?.value;
      },
      async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
        await db.query("insert into kv (key, value, expires_at) values ($1, $2, case when $3::int is null then null else now() + make_interval(secs => $3::int) end) on conflict (key) do update set value = excluded.value, expires_at = excluded.expires_at", [key, value, ttlSeconds ?? null]);
      },
      async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
        await db.query('delete from kv where key = $1 and expires_at <= now()', [key]);
        const rows = await db.query("insert into kv (key, value, expires_at) values ($1, $2, now() + make_interval(secs => $3::int)) on conflict (key) do nothing returning key", [key, value, ttlSeconds]);
        return rows.length > 0;
      },
    },
    async stats(): Promise<{ conversations: number; handedOff: number; botResolved: number; botResolutionRate: number; handoffRate: number; avgFirstResponseSeconds: number | null; csatAverage: number | null; feedbackHelpfulRate: number | null }> {
      const r = (await one<Record<string, string | null>>(
        `select count(*) as total, count(*) filter (where queued_at is not null) as handed,
           avg(extract(epoch from first_response_at - coalesce(assigned_at, queued_at))) filter (where first_response_at is not null) as frt,
           avg(csat) as csat from conversations c where ${visitorSpoke('c')}`,
        [],
      ))!;
      const f = (await one<Record<string, string | null>>('select avg(case when helpful then 1 else 0 end) as rate from feedback', []))!;
      const total = Number(r['total']);
      const handed = Number(r['handed']);
      return {
        conversations: total,
        handedOff: handed,
        botResolved: total - handed,
        botResolutionRate: total ? (total - handed) / total : 0,
        handoffRate: total ? handed / total : 0,
        avgFirstResponseSeconds: r['frt'] === null ? null : Number(r['frt']),
        csatAverage: r['csat'] === null ? null : Number(r['csat']),
        feedbackHelpfulRate: f['rate'] === null ? null : Number(f['rate']),
      };
    },
    close: () => db.close(),
  };
}

export type Store = Awaited<ReturnType<typeof createStore>>;


