import { WEBHOOK_EVENTS, WEBHOOK_FORMATS, type Webhook, type WebhookEvent, type WebhookFormat } from '@chatbot/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { ServerError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { WebhookRecord } from '../store/webhook-queries.ts';
import type { WebhookNotifier } from '../webhooks/webhook-notifier.ts';
import type { WebhookSender } from '../webhooks/webhook-sender.ts';
import { created, noContent } from './response-docs.ts';

const secured = [{ bearer: [] }];
const fields = {
  url: { type: 'string', minLength: 8, maxLength: 2000 },
  events: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: [...WEBHOOK_EVENTS] } },
  format: { type: 'string', enum: [...WEBHOOK_FORMATS] },
  secret: { type: 'string', minLength: 8, maxLength: 200 },
  active: { type: 'boolean' },
} as const;
const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 100 } } } as const;

const publicWebhook = ({ secret: _hidden, ...webhook }: WebhookRecord): Webhook => webhook;

/** Only http(s) addresses with a host: anything else (file:, javascript:, a bare word) is refused up front. */
function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ServerError('BAD_REQUEST', `"${url}" is not an address (http:// or https://)`, { cause: error });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ServerError('BAD_REQUEST', `webhooks are sent over http or https, not ${parsed.protocol}`);
  return parsed.toString();
}

/**
 * Webhooks (事件推送), admins only: subscribe an address to events (a visitor waiting for a person, a
 * conversation taken or closed, a rating, a left message, every message), as our signed JSON or as a WeCom,
 * DingTalk or Feishu group-robot alert; send a test; see each delivery's attempts and retry a failed one.
 */
export function registerWebhookRoutes(app: FastifyInstance, deps: { store: Store; sender: WebhookSender; notifier: WebhookNotifier; requireAdmin: (r: FastifyRequest) => Promise<void> }) {
  const { store } = deps;
  const admin = { onRequest: deps.requireAdmin };
  const mustGet = async (id: string) => {
    const webhook = await store.webhookById(id);
    if (!webhook) throw new ServerError('WEBHOOK_NOT_FOUND', `no webhook ${id}`);
    return webhook;
  };

  app.get('/api/webhooks', { ...admin, schema: { tags: ['webhooks'], security: secured, summary: 'Every webhook (without secrets)' } }, async () => (await store.listWebhooks()).map(publicWebhook));
  app.post('/api/webhooks', {
    ...admin,
    schema: { tags: ['webhooks'], security: secured, summary: 'Subscribe an address to events; a json webhook without a secret gets one, shown in this answer only', body: { type: 'object', required: ['url', 'events'], additionalProperties: false, properties: fields }, response: created('the webhook, and its secret when the server made one') },
  }, async (request, reply) => {
    const body = request.body as { url: string; events: WebhookEvent[]; format?: WebhookFormat; secret?: string; active?: boolean };
    const format = body.format ?? 'json';
    const secret = body.secret ?? (format === 'json' ? randomBytes(24).toString('base64url') : null);
    const webhook = await store.createWebhook({ url: checkedUrl(body.url), events: body.events, format, secret, active: body.active ?? true });
    deps.notifier.subscriptionsChanged();
    return reply.code(201).send({ webhook: publicWebhook(webhook), ...(secret ? { secret } : {}) });
  });
  app.patch('/api/webhooks/:id', {
    ...admin,
    schema: { tags: ['webhooks'], security: secured, summary: 'Change a webhook (active: false pauses it; its deliveries wait)', params: idParams, body: { type: 'object', additionalProperties: false, minProperties: 1, properties: fields } },
  }, async (request) => {
    const id = (request.params as { id: string }).id;
    const body = request.body as { url?: string; events?: WebhookEvent[]; format?: WebhookFormat; secret?: string; active?: boolean };
    const updated = await store.updateWebhook(id, { ...body, ...(body.url ? { url: checkedUrl(body.url) } : {}) });
    if (!updated) throw new ServerError('WEBHOOK_NOT_FOUND', `no webhook ${id}`);
    deps.notifier.subscriptionsChanged();
    if (body.active) deps.sender.wake();
    return publicWebhook(updated);
  });
  app.delete('/api/webhooks/:id', { ...admin, schema: { tags: ['webhooks'], security: secured, summary: 'Remove a webhook and its deliveries', params: idParams, response: noContent('removed') } }, async (request, reply) => {
    if (!(await store.deleteWebhook((request.params as { id: string }).id))) throw new ServerError('WEBHOOK_NOT_FOUND', 'no such webhook');
    deps.notifier.subscriptionsChanged();
    return reply.code(204).send();
  });
  app.post('/api/webhooks/:id/test', { ...admin, schema: { tags: ['webhooks'], security: secured, summary: 'Send a "ping" now and answer with how it went (sent once, never retried)', params: idParams } }, async (request) => {
    const webhook = await mustGet((request.params as { id: string }).id);
    return deps.sender.sendNow(await store.enqueuePing(webhook.id));
  });
  app.get('/api/webhooks/:id/deliveries', { ...admin, schema: { tags: ['webhooks'], security: secured, summary: 'The latest 50 deliveries, newest first: status, attempts, the last answer or error', params: idParams } }, async (request) => {
    const webhook = await mustGet((request.params as { id: string }).id);
    return store.webhookDeliveries(webhook.id);
  });
  app.post('/api/webhooks/:id/deliveries/:deliveryId/retry', {
    ...admin,
    schema: { tags: ['webhooks'], security: secured, summary: 'Send a failed delivery again (its retries start over)', params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 }, deliveryId: { type: 'string', maxLength: 100 } } } },
  }, async (request) => {
    const { id, deliveryId } = request.params as { id: string; deliveryId: string };
    await mustGet(id);
    if (!(await store.retryDelivery(id, deliveryId))) throw new ServerError('NOT_FOUND', 'no failed delivery with that id in this webhook');
    deps.sender.wake();
    return store.webhookDelivery(deliveryId);
  });
}
