import { balancedAccuracy, calibrateThresholds, CoreError, evaluate, type Bot, type LabelledQuery, type Thresholds } from '@chatbot/core';
import type { CalibrationJob, CalibrationProposal } from '@chatbot/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServerError } from '../errors.ts';
import type { ThresholdsKeeper } from '../bot/thresholds-keeper.ts';
import type { SynonymsKeeper } from '../bot/synonyms-keeper.ts';
import type { CalibrationJobs } from '../bot/calibration-jobs.ts';

const share = { type: 'number', minimum: 0, maximum: 1 };
const thresholdsSchema = { type: 'object', required: ['answer', 'suggest', 'margin'], additionalProperties: false, properties: { answer: share, suggest: share, margin: share } };
const MAX_CALIBRATION_QUERIES = 2000;
const MAX_SYNONYM_TABLE_CHARS = 200_000;
/** Below these counts a calibration mostly fits the few questions given: it says so. */
const FEW_IN_SCOPE = 30;
const FEW_OUT_OF_SCOPE = 10;
const countQuestions = (n: number) => `${n} question${n === 1 ? '' : 's'}`;

/**
 * The bars the bot answers at: read them, save others for every node (admins), go back to the configured
 * ones, and calibrate them on labelled questions (`{query, id}`, id null for out of scope), the same way
 * `pnpm chatbot calibrate` does, without changing what the bot does until the operator saves the result.
 * Also the synonym table: read it, save another for every node (the bot is rebuilt with it; the answer
 * comes once it answers with the new table), or go back to the configured one.
 */
export function registerBotSettingsRoutes(app: FastifyInstance, deps: { bot: () => Bot; thresholds: ThresholdsKeeper; synonyms: SynonymsKeeper; calibrations: CalibrationJobs; requireAgent: (r: FastifyRequest) => Promise<void>; requireAdmin: (r: FastifyRequest) => Promise<void> }) {
  const agent = { onRequest: deps.requireAgent };
  const admin = { onRequest: deps.requireAdmin };
  const security = [{ bearer: [] }];

  app.get('/api/bot/thresholds', { ...agent, schema: { tags: ['bot'], security, summary: 'The answer and "did you mean" bars in use, the configured ones, and whether an operator saved others' } }, async () => deps.thresholds.state());
  app.put('/api/bot/thresholds', { ...admin, schema: { tags: ['bot'], security, summary: 'Save the bars for every node, kept across restarts (suggest may not exceed answer)', body: thresholdsSchema } }, async (request) => {
    const thresholds = request.body as Thresholds;
    if (thresholds.suggest > thresholds.answer) throw new ServerError('BAD_REQUEST', 'suggest must not be above answer: "did you mean" is offered below the answer bar');
    await deps.thresholds.save(thresholds);
    return deps.thresholds.state();
  });
  app.delete('/api/bot/thresholds', { ...admin, schema: { tags: ['bot'], security, summary: 'Forget the saved bars: back to the configured ones on every node' } }, async () => {
    await deps.thresholds.reset();
    return deps.thresholds.state();
  });
  app.get('/api/bot/synonyms', { ...agent, schema: { tags: ['bot'], security, summary: 'The synonym table in use (text and groups), the configured one, whether an operator saved another, and whether the bot is being rebuilt with it' } }, async () => deps.synonyms.state());
  app.put('/api/bot/synonyms', {
    ...admin,
    schema: {
      tags: ['bot'],
      security,
      summary: 'Save a synonym table for every node, kept across restarts: one group per line, the kept word first ("退款, 退钱, 退费"), # starts a comment',
      body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', maxLength: MAX_SYNONYM_TABLE_CHARS } } },
    },
  }, async (request) => {
    try {
      await deps.synonyms.save((request.body as { text: string }).text);
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      const lines = error.problems.slice(0, 20).map((p) => `line ${p.line}: ${p.message}`);
      throw new ServerError('BAD_REQUEST', `nothing saved: ${lines.length > 0 ? lines.join('; ') : error.message}`, { cause: error });
    }
    return deps.synonyms.state();
  });
  app.delete('/api/bot/synonyms', { ...admin, schema: { tags: ['bot'], security, summary: 'Forget the saved synonym table: back to the configured one on every node' } }, async () => {
    await deps.synonyms.reset();
    return deps.synonyms.state();
  });
  const calibrationBody = { type: 'object', required: ['queries'], additionalProperties: false, properties: { queries: { type: 'array', minItems: 1, maxItems: MAX_CALIBRATION_QUERIES, items: { type: 'object', required: ['query', 'id'], additionalProperties: false, properties: { query: { type: 'string', minLength: 1, maxLength: 4000 }, id: { type: ['string', 'null'] } } } } } };
  app.post('/api/bot/calibrate', {
    ...admin,
    schema: { tags: ['bot'], security, summary: `Bars that maximise balanced accuracy on up to ${MAX_CALIBRATION_QUERIES} labelled questions (id null: should not be answered); nothing changes until they are saved. Answers when done; /api/bot/calibrations runs in the background`, body: calibrationBody },
  }, async (request): Promise<CalibrationProposal> => {
    const { queries } = request.body as { queries: LabelledQuery[] };
    const bot = deps.bot();
    refuseUnknownEntries(bot, queries);
    return proposeBars(bot, queries);
  });
  app.post('/api/bot/calibrations', {
    ...admin,
    schema: { tags: ['bot'], security, summary: 'The same calibration in the background: answers 202 with the job at once; follow it with GET /api/bot/calibrations/:id on any node', body: calibrationBody },
  }, async (request, reply) => {
    const { queries } = request.body as { queries: LabelledQuery[] };
    const bot = deps.bot();
    refuseUnknownEntries(bot, queries);
    return reply.code(202).send(await deps.calibrations.start(queries.length, (answered) => proposeBars(bot, queries, answered)));
  });
  app.get('/api/bot/calibrations/:id', { ...admin, schema: { tags: ['bot'], security, summary: 'A background calibration: running (questions asked so far), done (with the proposal) or failed' } }, async (request): Promise<CalibrationJob> => {
    const job = await deps.calibrations.get((request.params as { id: string }).id);
    if (!job) throw new ServerError('NOT_FOUND', 'no such calibration (they are kept for an hour)');
    return job;
  });
}

function refuseUnknownEntries(bot: Bot, queries: readonly LabelledQuery[]): void {
  const unknown = [...new Set(queries.map((q) => q.id).filter((id): id is string => id !== null && !bot.getEntry(id)))];
  if (unknown.length > 0) throw new ServerError('BAD_REQUEST', `no entry has the id ${unknown.slice(0, 5).map((id) => `"${id}"`).join(', ')}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ''}`);
}

/** Asks the bot every labelled question and proposes the bars that fit them best, with warnings when the set is too small to trust. */
async function proposeBars(bot: Bot, queries: readonly LabelledQuery[], answered: () => void = () => {}): Promise<CalibrationProposal> {
  const inUse = bot.thresholds();
  const { report, results } = await evaluate(async (input) => {
    const outcome = await bot.ask(input);
    answered();
    return outcome;
  }, queries);
  const inScope = queries.filter((q) => q.id !== null).length;
  const warnings = [
    ...(inScope < FEW_IN_SCOPE ? [`only ${countQuestions(inScope)} the bot should answer: bars fitted to so few may not hold for others (${FEW_IN_SCOPE} or more is better)`] : []),
    ...(queries.length - inScope < FEW_OUT_OF_SCOPE ? [`only ${countQuestions(queries.length - inScope)} the bot should not answer (id null): with too few the bars drop and the bot answers almost anything`] : []),
  ];
  return {
    queries: queries.length,
    inScope,
    warnings,
    current: { thresholds: inUse, balancedAccuracy: Math.round(balancedAccuracy(results, inUse) * 10000) / 10000, accuracy: report.accuracy },
    calibrated: calibrateThresholds(results),
    ranking: { in_scope_top1: report.in_scope_top1, recall_at_3: report.recall_at_3 },
  };
}
