import { clusterQuestions, formatKnowledge, KNOWLEDGE_COLUMNS, knowledgeRows, notUtf8Lines, parseKnowledge, type Bot, type KnowledgeEntry, type KnowledgeFormat, type KnowledgeProblem } from '@chatbot/core';
import type { UnansweredCluster } from '@chatbot/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { ServerError } from '../errors.ts';
import type { KnowledgeEditor } from '../knowledge/knowledge-editor.ts';
import type { Store } from '../store/store.ts';
import { storableText } from '../store/storable-text.ts';
import { IMPORT_BODY_LIMIT, megabytes } from './body-limits.ts';
import { csvDownload } from './csv-cell.ts';
import { validatorCompiler } from './validator-compiler.ts';
import { writeXlsx, XLSX_TYPE, xlsxToCsv } from './xlsx-sheet.ts';

type FileFormat = KnowledgeFormat | 'xlsx';
const FORMATS = ['jsonl', 'csv', 'yaml', 'xlsx'] as const;
/** The format a content type names, for an import without ?format=. */
const FORMAT_OF_TYPE: Readonly<Record<string, FileFormat>> = { 'text/csv': 'csv', 'application/yaml': 'yaml', 'text/yaml': 'yaml', [XLSX_TYPE]: 'xlsx' };
/** What an import's body may be sent as (its OpenAPI `consumes`); any type is read as the file. */
const IMPORT_TYPES = ['application/x-ndjson', 'text/csv', 'application/yaml', 'text/yaml', XLSX_TYPE, 'text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded', 'application/json'] as const;
const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');
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

  app.get('/api/knowledge/export', {
    ...agent,
    schema: { tags: ['knowledge'], security, summary: 'The whole knowledge base as JSONL, CSV, YAML or an Excel workbook (re-importable)', querystring: { type: 'object', properties: { format: { type: 'string', enum: [...FORMATS] } } } },
  }, async (request, reply) => {
    const format = (request.query as { format?: FileFormat }).format ?? 'jsonl';
    const entries = deps.bot().entries();
    const body = format === 'xlsx' ? await writeXlsx('knowledge', KNOWLEDGE_COLUMNS, knowledgeRows(entries)) : format === 'csv' ? csvDownload(formatKnowledge(entries, format)) : formatKnowledge(entries, format);
    return reply.type(CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="knowledge.${format}"`).send(body);
  });

  void app.register(async (scope) => {
    // The body is the file itself, whatever its Content-Type says: curl --data-binary sends a form type, and a JSONL
    // file sent as application/json is no JSON document. Its format is ?format=, else the one its type names.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));
    scope.post('/api/knowledge/import', {
      ...admin,
      bodyLimit: IMPORT_BODY_LIMIT, // an export of a large knowledge base must import back
      // parseUpload checks the file, line by line; the body schema is for /docs.
      validatorCompiler: (request) => (request.httpPart === 'body' ? () => true : validatorCompiler(request)),
      schema: {
        tags: ['knowledge'],
        security,
        summary: `Import entries (body: JSONL, CSV, YAML text or an .xlsx file, up to ${megabytes(IMPORT_BODY_LIMIT)} MB). With dryRun=true nothing changes and every problem is listed by line (row for xlsx); otherwise all or nothing.`,
        description: `The body is the file as it is (\`curl --data-binary @knowledge.jsonl\`), with any of the content types listed. Its format is \`format\`, else the one its content type names (${Object.entries(FORMAT_OF_TYPE).map(([type, format]) => `${type}: ${format}`).join(', ')}), else an Excel workbook for a zip's bytes, else JSONL.`,
        consumes: [...IMPORT_TYPES],
        body: { type: 'string', format: 'binary', description: 'the file: JSONL (one entry a line), CSV, YAML or an Excel workbook' },
        querystring: { type: 'object', properties: { format: { type: 'string', enum: [...FORMATS] }, dryRun: { type: 'boolean' } } },
      },
    }, async (request) => {
      const { dryRun = false } = request.query as { format?: FileFormat; dryRun?: boolean };
      const format = (request.query as { format?: FileFormat }).format ?? formatOfUpload(request.body, request.headers['content-type']);
      const { entries, problems } = await parseUpload(request.body, format);
      const known = new Set(deps.bot().entries().map((e) => e.id));
      const preview = { entries: entries.length, creates: entries.filter((e) => !known.has(e.id)).map((e) => e.id), updates: entries.filter((e) => known.has(e.id)).map((e) => e.id), problems };
      if (dryRun) return preview;
      if (problems.length > 0) throw new ServerError('KB_INVALID', `nothing imported: ${problems.slice(0, 20).map((p) => `${format === 'xlsx' ? 'row' : 'line'} ${p.line}: ${p.message}`).join('; ')}`);
      await editor.saveAll(entries);
      return { imported: entries.length, creates: preview.creates.length, updates: preview.updates.length };
    });
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

/** An import without ?format=: the format its content type names, an Excel workbook for a zip's bytes, else JSONL. */
function formatOfUpload(body: unknown, contentType: string | undefined): FileFormat {
  const named = FORMAT_OF_TYPE[(contentType ?? '').split(';')[0]!.trim().toLowerCase()];
  if (named) return named;
  return Buffer.isBuffer(body) && body.subarray(0, 4).equals(ZIP_MAGIC) ? 'xlsx' : 'jsonl';
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
