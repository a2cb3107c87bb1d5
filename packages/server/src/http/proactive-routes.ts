import type { CampaignRequest } from '@chatbot/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServerError } from '../errors.ts';
import { proactiveRulesSchema, type ProactiveRules } from '../proactive/proactive-rules.ts';
import type { Store } from '../store/store.ts';

/** Proactive messages (主动服务): the anti-harassment rules, campaigns, and the graylist. */
export function registerProactiveRoutes(app: FastifyInstance, deps: { store: Store; sendCampaign: (request: CampaignRequest, createdBy: string) => Promise<unknown>; requireAgent: (r: FastifyRequest) => Promise<void>; requireAdmin: (r: FastifyRequest) => Promise<void> }) {
  const { store } = deps;
  const security = [{ bearer: [] }];
  const admin = { onRequest: deps.requireAdmin };

  app.get('/api/proactive/rules', { onRequest: deps.requireAgent, schema: { tags: ['proactive'], security, summary: 'Frequency cap, quiet hours, opt-out and opt-in words' } }, async () => store.proactiveRules());
  app.put('/api/proactive/rules', { ...admin, schema: { tags: ['proactive'], security, summary: 'Replace the rules (validated)' } }, async (request) => {
    const parsed = proactiveRulesSchema.safeParse(request.body);
    if (!parsed.success) throw new ServerError('BAD_REQUEST', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (parsed.data.quietHours) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: parsed.data.quietHours.tz });
      } catch {
        throw new ServerError('BAD_REQUEST', `quietHours.tz: unknown time zone "${parsed.data.quietHours.tz}"`);
      }
    }
    await store.setProactiveRules(parsed.data);
    return parsed.data satisfies ProactiveRules;
  });

  app.post('/api/proactive/campaigns', {
    ...admin,
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags: ['proactive'],
      security,
      summary: 'Send a message to the visitors carrying all of `tags` (and active or inactive as asked), each through their channel; dryRun counts without sending',
      body: { type: 'object', required: ['text', 'tags'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: 1000 }, tags: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 50 } }, inactiveDays: { type: 'integer', minimum: 1, maximum: 3650 }, seenWithinDays: { type: 'integer', minimum: 1, maximum: 3650 }, channels: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 40 } }, dryRun: { type: 'boolean' } } },
    },
  }, async (request) => deps.sendCampaign(request.body as CampaignRequest, request.agent?.id ?? 'admin'));
  app.get('/api/proactive/campaigns', { onRequest: deps.requireAgent, schema: { tags: ['proactive'], security, summary: 'Campaigns sent, newest first, with their results' } }, async () => store.listCampaigns());

  app.post('/api/visitors/:id/graylist', { ...admin, schema: { tags: ['proactive'], security, summary: 'A graylisted visitor gets no proactive message but may chat as usual', body: { type: 'object', required: ['graylisted'], properties: { graylisted: { type: 'boolean' } } } } }, async (request) => {
    const { id } = request.params as { id: string };
    const { graylisted } = request.body as { graylisted: boolean };
    if (!(await store.setGraylisted(id, graylisted))) throw new ServerError('NOT_FOUND', 'no such visitor');
    return { id, graylisted };
  });
}
