import { CoreError } from '@chatbot/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServerError } from '../errors.ts';
import type { SynonymsKeeper } from '../bot/synonyms-keeper.ts';

const MAX_SYNONYM_TABLE_CHARS = 200_000;

/**
 * The synonym table: read it, save another for every node (admins; the bot is rebuilt with it and the
 * answer comes once it answers with the new table), or go back to the configured one.
 */
export function registerSynonymsRoutes(app: FastifyInstance, deps: { synonyms: SynonymsKeeper; requireAgent: (r: FastifyRequest) => Promise<void>; requireAdmin: (r: FastifyRequest) => Promise<void> }) {
  const agent = { onRequest: deps.requireAgent };
  const admin = { onRequest: deps.requireAdmin };
  const security = [{ bearer: [] }];
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
}
