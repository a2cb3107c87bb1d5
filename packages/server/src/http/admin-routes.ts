import { fileUrl, type ConversationSearchResult, type HandoffReason } from '@chatbot/protocol';
import type { ConversationFilter } from '../store/conversation-search.ts';
import { checkDayRange, DAY } from './date-query.ts';
import type {} from '@fastify/swagger'; // adds tags/summary/security to route schemas
import type { Bot, KnowledgeEntry } from '@chatbot/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServerError } from '../errors.ts';
import type { ConversationService } from '../handoff/conversation-service.ts';
import { entryVersion, ifMatchVersions } from '../knowledge/entry-version.ts';
import type { KnowledgeEditor } from '../knowledge/knowledge-editor.ts';
import type { Store } from '../store/store.ts';
import { csvFile, csvLine } from './csv-cell.ts';
import { accepted, noContent } from './response-docs.ts';

const entrySchema = {
  type: 'object',
  required: ['questions', 'answer'],
  properties: { id: { type: 'string' }, questions: { type: 'array', items: { type: 'string' }, minItems: 1 }, answer: { type: 'string', minLength: 1 }, tags: { type: 'array', items: { type: 'string' } }, topic: { type: 'string' }, attribute: { type: 'string' }, group: { type: 'string' } },
} as const;

/** The admin REST API: knowledge base, conversations, unanswered questions, stats, visitors' blocklist (the team is in team-routes.ts). */
export function registerAdminRoutes(app: FastifyInstance, deps: { store: Store; bot: () => Bot; conversations: ConversationService; requireAgent: (r: FastifyRequest) => Promise<void>; requireAdmin: (r: FastifyRequest) => Promise<void>; editor: KnowledgeEditor; disconnectVisitor: (visitorId: string) => Promise<void>; retrainOtherNodes?: () => void }) {
  const { store, conversations } = deps;
  const agent = { onRequest: deps.requireAgent };
  const admin = { onRequest: deps.requireAdmin };
  const secured = [{ bearer: [] }];

  const { editor } = deps;

  app.get('/api/knowledge', { ...agent, schema: { tags: ['knowledge'], security: secured, summary: 'List knowledge-base entries, each with its `version` (the ETag its GET gives, for `If-Match`)' } }, async () => deps.bot().entries().map((entry) => ({ ...entry, version: entryVersion(entry) })));
  app.get('/api/knowledge/:id', { ...agent, schema: { tags: ['knowledge'], security: secured, summary: 'One entry; its ETag is its version' } }, async (request, reply) => {
    const entry = deps.bot().getEntry((request.params as { id: string }).id);
    if (!entry) throw new ServerError('ENTRY_NOT_FOUND', 'no such entry');
    return reply.header('etag', `"${entryVersion(entry)}"`).send(entry);
  });
  app.put('/api/knowledge/:id', {
    ...admin,
    schema: {
      tags: ['knowledge'], security: secured, body: entrySchema,
      summary: 'Create or replace an entry; the bot uses it at once. With `If-None-Match: *` only create: KB_ENTRY_EXISTS (409) when the id is taken. With `If-Match: "<version>"` only replace that version: KB_ENTRY_CHANGED (412) when someone saved it since, KB_ENTRY_GONE (404) when it was deleted',
    },
  }, async (request, reply) => {
    const entry = { ...(request.body as KnowledgeEntry), id: (request.params as { id: string }).id };
    const ifMatch = request.headers['if-match'];
    const saved = request.headers['if-none-match'] === '*' ? await editor.create(entry) : ifMatch ? await editor.replace(entry, ifMatchVersions(ifMatch)) : await editor.save(entry);
    return reply.header('etag', `"${entryVersion(saved)}"`).send(saved);
  });
  app.delete('/api/knowledge/:id', { ...admin, schema: { tags: ['knowledge'], security: secured, summary: 'Delete an entry. With `If-Match: "<version>"` only that version: KB_ENTRY_CHANGED (412) when someone saved it since', response: noContent('deleted') } }, async (request, reply) => {
    const ifMatch = request.headers['if-match'];
    await editor.remove((request.params as { id: string }).id, ifMatch ? ifMatchVersions(ifMatch) : undefined);
    return reply.code(204).send();
  });
  app.get('/api/conversations', {
    ...agent,
    schema: { tags: ['conversations'], security: secured, summary: 'The 500 most recent conversations, newest first (all of them, a page at a time: /api/conversations/search)', querystring: { type: 'object', properties: { state: { type: 'string', enum: ['bot', 'queued', 'agent', 'closed'] }, q: { type: 'string', maxLength: 200 } } } },
  }, async (request) => {
    const { state, q } = request.query as { state?: string; q?: string };
    return conversations.summaries(await store.listConversations({ ...(state ? { states: [state] } : {}), ...(q ? { query: q } : {}), newestFirst: true }));
  });
  app.get('/api/conversations/search', {
    ...agent,
    schema: {
      tags: ['conversations'], security: secured,
      summary: 'Past and present conversations, newest first, a page at a time: text in any message (or a file name), state, channel, hand-off reason, rated at most N, the days they began (in tz), a visitor, an agent, an agents\' group',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          q: { type: 'string', maxLength: 200 }, state: { type: 'string', enum: ['bot', 'queued', 'agent', 'closed'] }, channel: { type: 'string', maxLength: 40 },
          reason: { type: 'string', enum: ['visitor-request', 'no-answer', 'negative-feedback', 'keyword', 'agent-pick'] }, csatAtMost: { type: 'integer', minimum: 1, maximum: 5 },
          from: { type: 'string', pattern: DAY.source }, to: { type: 'string', pattern: DAY.source }, tz: { type: 'string', maxLength: 64 },
          visitorId: { type: 'string', maxLength: 100 }, agentId: { type: 'string', maxLength: 100 }, group: { type: 'string', minLength: 1, maxLength: 50 },
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 }, offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
        },
      },
    },
  }, async (request): Promise<ConversationSearchResult> => {
    const { reason, ...query } = request.query as Omit<ConversationFilter, 'handoffReason'> & { reason?: HandoffReason };
    const tz = checkDayRange(query);
    const found = await store.searchConversations({ ...query, tz, ...(reason ? { handoffReason: reason } : {}) });
    return { total: found.total, conversations: await conversations.summaries(found.conversations) };
  });
  app.get('/api/conversations/export', {
    ...admin,
    schema: { tags: ['conversations'], security: secured, summary: 'Every conversation with its messages: JSON lines, or CSV (one row per message)', querystring: { type: 'object', properties: { format: { type: 'string', enum: ['jsonl', 'csv'] } } } },
  }, async (request, reply) => {
    const csv = (request.query as { format?: string }).format === 'csv';
    const lines: string[] = csv ? ['conversation_id,state,channel,handoff_reason,seq,type,sender,created_at,text'] : [];
    for (const c of await store.listConversations({ limit: 100_000 })) {
      const summary = await conversations.summary(c);
      const messages = await store.messages(c.id);
      if (!csv) lines.push(JSON.stringify({ conversation: summary, messages }));
      else for (const m of messages) lines.push(csvLine([c.id, c.state, summary.visitor.channel, c.handoffReason ?? '', m.seq, m.type, 'agentName' in m ? m.agentName : (m.type.split('-')[0] ?? ''), m.createdAt, 'text' in m ? m.text : 'file' in m ? `📎 ${m.file.name} (${fileUrl('', m.file)})` : '']));
    }
    return reply.type(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson').header('content-disposition', `attachment; filename="conversations.${csv ? 'csv' : 'jsonl'}"`).send(csv ? csvFile(lines) : lines.join('\n') + '\n');
  });
  app.get('/api/conversations/:id', { ...agent, schema: { tags: ['conversations'], security: secured } }, async (request) => conversations.detail((request.params as { id: string }).id));
  app.get('/api/unanswered', { ...agent, schema: { tags: ['knowledge'], security: secured, summary: 'Questions the bot could not answer or was unsure of, not yet resolved, most frequent first (grouped by meaning: /api/unanswered/clusters)' } }, async () => store.openUnanswered(200));
  app.get('/api/left-messages', { ...agent, schema: { tags: ['conversations'], security: secured } }, async () => store.leftMessages());
  app.get('/api/training-pairs', { ...agent, schema: { tags: ['knowledge'], security: secured, summary: 'Visitor questions confirmed by a "helpful" vote, with their entry: what the model learns from' } }, async () => store.confirmedPairs());
  app.delete('/api/training-pairs/:messageId', { ...admin, schema: { tags: ['knowledge'], security: secured, summary: 'Keep a helpful-voted question out of training (a wrong answer voted helpful); the vote still counts in analytics. The model forgets it at the next retrain (POST /api/retrain, or the hourly look)', params: { type: 'object', properties: { messageId: { type: 'string', maxLength: 100 } } }, response: noContent('forgotten') } }, async (request, reply) => {
    if (!(await store.forgetPair((request.params as { messageId: string }).messageId))) throw new ServerError('NOT_FOUND', 'no helpful vote to learn from on that answer');
    return reply.code(204).send();
  });
  app.post('/api/retrain', { ...admin, schema: { tags: ['knowledge'], security: secured, summary: 'Retrain the rankers on the knowledge base and the confirmed pairs (helpful votes) in the background, on every node; answers keep flowing', response: accepted('retraining started: { retraining: true, reranker }') } }, async (_request, reply) => {
    deps.bot().retrain();
    deps.retrainOtherNodes?.();
    return reply.code(202).send({ retraining: true, reranker: deps.bot().info().reranker });
  });
  app.get('/api/stats', { ...agent, schema: { tags: ['stats'], security: secured, summary: 'Bot resolution rate, hand-off rate, first response time, CSAT' } }, async () => store.stats());
  app.post('/api/visitors/:id/block', { ...admin, schema: { tags: ['conversations'], security: secured, body: { type: 'object', required: ['blocked'], properties: { blocked: { type: 'boolean' } } } } }, async (request) => {
    const id = (request.params as { id: string }).id;
    if (!(await store.getVisitor(id))) throw new ServerError('NOT_FOUND', 'no such visitor');
    const { blocked } = request.body as { blocked: boolean };
    await store.updateVisitor(id, { blocked });
    // A blocked visitor's open connections end now; reconnecting is refused (VISITOR_BLOCKED).
    if (blocked) await deps.disconnectVisitor(id);
    return { id, blocked };
  });
  app.delete('/api/visitors/:id', {
    ...admin,
    schema: { tags: ['conversations'], security: secured, summary: "Erase a visitor on their request (PIPL / GDPR): their conversations, messages, files, votes, left messages and the visitor record; they are disconnected, and their next visit is a new visitor", params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } } } },
  }, async (request) => {
    const id = (request.params as { id: string }).id;
    if (!(await store.getVisitor(id))) throw new ServerError('NOT_FOUND', 'no such visitor');
    const erased = await store.eraseVisitor(id);
    if (erased === 'in-service') throw new ServerError('VISITOR_IN_SERVICE', 'the visitor is queued for or talking to an agent: close that conversation first');
    await deps.disconnectVisitor(id);
    return { id, erased };
  });
}
