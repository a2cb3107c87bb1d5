import { balancedAccuracy, calibrateThresholds, evaluate, splitByBars, type Bot, type LabelledQuery, type QueryResult, type Thresholds } from '@chatbot/core';
import type { CalibrationJob, CalibrationProposal } from '@chatbot/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServerError } from '../errors.ts';
import type { CalibrationJobs } from '../bot/calibration-jobs.ts';
import { accepted } from './response-docs.ts';

const MAX_CALIBRATION_QUERIES = 2000;
/** Below these counts a calibration mostly fits the few questions given: it says so. */
const FEW_IN_SCOPE = 30;
const FEW_OUT_OF_SCOPE = 10;
const countQuestions = (n: number) => `${n} question${n === 1 ? '' : 's'}`;

/**
 * Calibrates the answer bars on labelled questions (`{query, id}`, id null for out of scope), the same way
 * `pnpm chatbot calibrate` does, at once or in the background, without changing what the bot does until
 * the operator saves the result.
 */
export function registerCalibrationRoutes(app: FastifyInstance, deps: { bot: () => Bot; calibrations: CalibrationJobs; requireAdmin: (r: FastifyRequest) => Promise<void> }) {
  const admin = { onRequest: deps.requireAdmin };
  const security = [{ bearer: [] }];
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
    schema: { tags: ['bot'], security, summary: 'The same calibration in the background: answers 202 with the job at once; follow it with GET /api/bot/calibrations/:id on any node', body: calibrationBody, response: accepted('the job, running') },
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

const roundShare = (x: number) => Math.round(x * 10000) / 10000;
const inScopeOf = (results: readonly QueryResult[]) => results.filter((r) => r.query.id !== null).length;

/**
 * Asks the bot every labelled question and proposes the bars that fit them best, with warnings when the set is too
 * small to trust. A bilingual knowledge base's English questions get bars of their own.
 */
async function proposeBars(bot: Bot, queries: readonly LabelledQuery[], answered: () => void = () => {}): Promise<CalibrationProposal> {
  const inUse = bot.thresholds();
  const englishInUse: Thresholds | undefined = bot.info().englishThresholds;
  const { report, results } = await evaluate(async (input) => {
    const outcome = await bot.ask(input);
    answered();
    return outcome;
  }, queries);
  const inScope = inScopeOf(results);
  const { others, english } = splitByBars(results, englishInUse !== undefined);
  const warnings = [
    ...(others.length === 0 ? ['only English questions: the bars for the other questions stay as they are'] : []),
    ...(inScope < FEW_IN_SCOPE ? [`only ${countQuestions(inScope)} the bot should answer: bars fitted to so few may not hold for others (${FEW_IN_SCOPE} or more is better)`] : []),
    ...(queries.length - inScope < FEW_OUT_OF_SCOPE ? [`only ${countQuestions(queries.length - inScope)} the bot should not answer (id null): with too few the bars drop and the bot answers almost anything`] : []),
  ];
  return {
    queries: queries.length,
    inScope,
    warnings,
    current: { thresholds: inUse, balancedAccuracy: others.length > 0 ? roundShare(balancedAccuracy(others, inUse)) : 0, accuracy: report.accuracy },
    calibrated: others.length > 0 ? calibrateThresholds(others) : { thresholds: inUse, balancedAccuracy: 0 },
    ...(englishInUse && english.length > 0
      ? { english: { queries: english.length, inScope: inScopeOf(english), current: { thresholds: englishInUse, balancedAccuracy: roundShare(balancedAccuracy(english, englishInUse)) }, calibrated: calibrateThresholds(english) } }
      : {}),
    ranking: { in_scope_top1: report.in_scope_top1, recall_at_3: report.recall_at_3 },
  };
}
