import { clusterQuestions, formatKnowledge, KNOWLEDGE_COLUMNS, knowledgeRows, parseKnowledge, type Bot, type KnowledgeEntry, type KnowledgeFormat, type KnowledgeProblem } from '@chatbot/core';
import type { UnansweredCluster } from '@chatbot/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { ServerError } from '../errors.ts';
import type { KnowledgeEditor } from '../knowledge/knowledge-editor.ts';
import type { Store } from '../store/store.ts';
import { storableText } from '../store/storable-text.ts';
import { IMPORT_BODY_LIMIT, megabytes } from './body-limits.ts';
import { csvDownload } from './csv-cell.ts';
import { notUtf8Lines } from './not-utf8-lines.ts';
import { writeXlsx, XLSX_TYPE, xlsxToCsv } from './xlsx-sheet.ts';

type FileFormat = KnowledgeFormat | 'xlsx';
const FORMATS = ['jsonl', 'csv', 'yaml', 'xlsx'] as const;
const CONTENT_TYPES: Record<FileFormat, string> = { jsonl: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8', yaml: 'application/yaml; charset=utf-8', xlsx: XLSX_TYPE };

/**
 * What operators use to improve the bot: export and import (with a preview of every problem by line or
 * row), unanswered questions grouped by meaning with one-click fixes, and a box to test the bot with its trace.
 */
export function registerKnowledgeOpsRoutes(app: FastifyInstance, deps: { store: Store; bot: () => Bot; editor: KnowledgeEditor; requireAgent: (r: FastifyRequest) => Promise<void>; requireAdmin: (r: FastifyRequest) => Promise<void> }) {
  const { store, editor } = deps;
  const agent = { onRequest: deps.requireAgent };
  const admin = { onRequest: deps.requireAdmin };
  const security = [{ bearer: [] }];
  app.addContentTypeParser([XLSX_TYPE, 'application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get('/api/knowledge/export', {
    ...agent,
    schema: { tags: ['knowledge'], security, summary: 'The whole knowledge base as JSONL, CSV, YAML or an Excel workbook (re-importable)', querystring: { type: 'object', properties: { format: { type: 'string', enum: [...FORMATS] } } } },
  }, async (request, reply) => {
    const format = (request.query as { format?: FileFormat }).format ?? 'jsonl';
    const entries = deps.bot().entries();
    const body = format === 'xlsx' ? await writeXlsx('knowledge', KNOWLEDGE_COLUMNS, knowledgeRows(entries)) : format === 'csv' ? csvDownload(formatKnowledge(entries, format)) : formatKnowledge(entries, format);
    return reply.type(CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="knowledge.${format}"`).send(body);
  });

  app.post('/api/knowledge/import', {
    ...admin,
    bodyLimit: IMPORT_BODY_LIMIT, // an export of a large knowledge base must import back
    schema: {
      tags: ['knowledge'],
      security,
      summary: `Import entries (body: JSONL, CSV, YAML text or an .xlsx file, up to ${megabytes(IMPORT_BODY_LIMIT)} MB). With dryRun=true nothing changes and every problem is listed by line (row for xlsx); otherwise all or nothing.`,
      querystring: { type: 'object', properties: { format: { type: 'string', enum: [...FORMATS] }, dryRun: { type: 'boolean' } } },
    },
  }, async (request) => {
    const { format = 'jsonl', dryRun = false } = request.query as { format?: FileFormat; dryRun?: boolean };
    const { entries, problems } = await parseUpload(request.body, format);
    const known = new Set(deps.bot().entries().map((e) => e.id));
    const preview = { entries: entries.length, creates: entries.filter((e) => !known.has(e.id)).map((e) => e.id), updates: entries.filter((e) => known.has(e.id)).map((e) => e.id), problems };
    if (dryRun) return preview;
    if (problems.length > 0) throw new ServerError('KB_INVALID', `nothing imported: ${problems.slice(0, 20).map((p) => `${format === 'xlsx' ? 'row' : 'line'} ${p.line}: ${p.message}`).join('; ')}`);
    await editor.saveAll(entries);
    return { imported: entries.length, creates: preview.creates.length, updates: preview.updates.length };
  });

  app.post('/api/knowledge/:id/questions', {
    ...admin,
    schema: { tags: ['knowledge'], security, summary: 'Add alternative questions to an entry (e.g. from an unanswered cluster); they are marked resolved', body: { type: 'object', required: ['questions'], properties: { questions: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', minLength: 1, maxLength: 500 } } } } },
  }, async (request) => {
    const entry = deps.bot().getEntry((request.params as { id: string }).id);
    if (!entry) throw new ServerError('ENTRY_NOT_FOUND', 'no such entry');
    const added = (request.body as { questions: string[] }).questions.map((q) => q.trim()).filter((q) => q && !entry.questions.includes(q));
    return editor.save({ ...entry, questions: [...entry.questions, ...new Set(added)] });
  });

  app.get('/api/unanswered/clusters', {
    ...agent,
    schema: { tags: ['knowledge'], security, summary: 'Unanswered questions grouped by meaning, each with the nearest entries and what agents answered', querystring: { type: 'object', properties: { threshold: { type: 'number', minimum: 0.1, maximum: 1 }, limit: { type: 'integer', minimum: 1, maximum: 2000 } } } },
  }, async (request): Promise<UnansweredCluster[]> => {
    const { threshold, limit = 500 } = request.query as { threshold?: number; limit?: number };
    const open = await store.openUnanswered(limit);
    const bot = deps.bot();
    const items = await Promise.all(open.map(async (u) => ({ ...u, ...(await bot.analyze(u.text)) })));
    const clusters = clusterQuestions(items, { threshold: threshold ?? bot.info().clusterThreshold });
    const replies = await store.agentRepliesTo(open.map((u) => u.text));
    // The 100 biggest groups are what an operator works through; asking the bot for each costs a few ms.
    return Promise.all(clusters.slice(0, 100).map(async (cluster) => {
      const outcome = await bot.ask({ text: cluster.representative.text });
      const answers = cluster.members.flatMap((m) => replies.get(m.text) ?? []);
      return {
        id: createHash('sha1').update(cluster.representative.text).digest('hex').slice(0, 12),
        representative: cluster.representative.text,
        count: cluster.count,
        questions: cluster.members.map(({ text, count, lastAt, kinds }) => ({ text, count, lastAt, kinds })),
        nearestEntries: outcome.candidates.slice(0, 3).map((c) => ({ entryId: c.entryId, question: c.question, score: c.score })),
        agentAnswers: [...new Set(answers)].slice(0, 5),
      };
    }));
  });

  app.post('/api/unanswered/resolve', {
    ...admin,
    schema: { tags: ['knowledge'], security, summary: 'Mark unanswered questions as dealt with (dismiss a cluster)', body: { type: 'object', required: ['texts'], properties: { texts: { type: 'array', minItems: 1, maxItems: 2000, items: { type: 'string', maxLength: 2000 } } } } },
  }, async (request) => ({ resolved: await store.resolveUnanswered((request.body as { texts: string[] }).texts) }));

  app.post('/api/bot/test', {
    ...agent,
    schema: { tags: ['knowledge'], security, summary: "Ask the bot as a visitor would, without a conversation: the outcome with the pipeline's trace (corrections, tokens, candidates and scores)", body: { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: 4000 }, history: { type: 'array', maxItems: 12, items: { type: 'object', required: ['role', 'text'], properties: { role: { type: 'string', enum: ['user', 'bot'] }, text: { type: 'string', maxLength: 4000 }, entryId: { type: 'string' } } } } } } },
  }, async (request) => {
    const { text, history = [] } = request.body as { text: string; history?: { role: 'user' | 'bot'; text: string; entryId?: string }[] };
    return deps.bot().ask({ text, history });
  });
}

/** The file's entries, with text the store cannot hold (a JSON-escaped lone surrogate or NUL) made storable, and its problems by line. */
async function parseUpload(body: unknown, format: FileFormat): Promise<{ entries: KnowledgeEntry[]; problems: KnowledgeProblem[] }> {
  const parsed = await parseFile(body, format);
  // An empty file is not "ready to import": importing it would change nothing the operator meant to.
  const problems = parsed.entries.length === 0 && parsed.problems.length === 0 ? [{ line: 1, message: 'the file holds no entries' }] : parsed.problems;
  return { entries: storableText(parsed.entries), problems };
}

async function parseFile(body: unknown, format: FileFormat): Promise<{ entries: KnowledgeEntry[]; problems: KnowledgeProblem[] }> {
  if (format !== 'xlsx') {
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) throw new ServerError('BAD_REQUEST', `send the ${format} file as the request body`);
    const text = String(body);
    const garbled = notUtf8Lines(text);
    return garbled.length > 0 ? { entries: [], problems: garbled } : parseKnowledge(text, format, { lenient: true });
  }
  if (!Buffer.isBuffer(body)) throw new ServerError('BAD_REQUEST', `send the .xlsx file as the body with content-type ${XLSX_TYPE}`);
  let sheet: Awaited<ReturnType<typeof xlsxToCsv>>;
  try {
    sheet = await xlsxToCsv(body);
  } catch (error) {
    throw new ServerError('BAD_REQUEST', (error as Error).message);
  }
  const parsed = parseKnowledge(sheet.csv, 'csv', { lenient: true });
  const problems = [...sheet.problems, ...parsed.problems.map((p) => ({ ...p, line: sheet.rowOfLine(p.line) }))].sort((a, b) => a.line - b.line);
  return { entries: parsed.entries, problems };
}
