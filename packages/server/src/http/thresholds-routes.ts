import { thresholdOrderProblem, type Thresholds } from '@chatbot/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServerError } from '../errors.ts';
import type { ThresholdsKeeper } from '../bot/thresholds-keeper.ts';
import type { SavedThresholds } from '../store/bot-settings-queries.ts';

const share = { type: 'number', minimum: 0, maximum: 1 };
const barsProperties = { answer: share, suggest: share, margin: share, sharedWord: share };
const barsSchema = { type: 'object', required: ['answer', 'suggest', 'margin'], additionalProperties: false, properties: barsProperties };
const thresholdsSchema = { ...barsSchema, properties: { ...barsProperties, english: barsSchema } };

/** The bot's own rule (core's setThresholds refuses the same bars with the same words). */
function checkOrder(bars: Thresholds, where: string): void {
  const problem = thresholdOrderProblem(bars);
  if (problem) throw new ServerError('BAD_REQUEST', `${where}${problem}`);
}

/** The bars the bot answers at: read them, save others for every node (admins), go back to the configured ones. */
export function registerThresholdsRoutes(app: FastifyInstance, deps: { thresholds: ThresholdsKeeper; requireAgent: (r: FastifyRequest) => Promise<void>; requireAdmin: (r: FastifyRequest) => Promise<void> }) {
  const agent = { onRequest: deps.requireAgent };
  const admin = { onRequest: deps.requireAdmin };
  const security = [{ bearer: [] }];

  app.get('/api/bot/thresholds', { ...agent, schema: { tags: ['bot'], security, summary: 'The answer and "did you mean" bars in use, the configured ones, and whether an operator saved others' } }, async () => deps.thresholds.state());
  app.put('/api/bot/thresholds', { ...admin, schema: { tags: ['bot'], security, summary: 'Save the bars for every node, kept across restarts (suggest and sharedWord may not exceed answer); `english`: a bilingual knowledge base\'s bars for English questions, over the others', body: thresholdsSchema } }, async (request) => {
    const thresholds = request.body as SavedThresholds;
    checkOrder(thresholds, '');
    if (thresholds.english) checkOrder(thresholds.english, 'english: ');
    // Bars without a shared-word bar answer such questions at the answer bar too (the bot's checkedThresholds).
    await deps.thresholds.save(thresholds);
    return deps.thresholds.state();
  });
  app.delete('/api/bot/thresholds', { ...admin, schema: { tags: ['bot'], security, summary: 'Forget the saved bars: back to the configured ones on every node' } }, async () => {
    await deps.thresholds.reset();
    return deps.thresholds.state();
  });

}
