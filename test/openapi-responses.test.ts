import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { loginAgent } from './support/clients.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
type OpenApi = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

describe('OpenAPI at /docs/json: the documented answer of each route is the one it gives', () => {
  let server: RunningServer;
  let token: string;
  let openapi: OpenApi;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    token = await loginAgent(server.url);
    openapi = (await (await fetch(`${server.url}/docs/json`)).json()) as OpenApi;
  });
  afterAll(async () => server.close());

  /** Calls the route as a client would: the status it answers, and the codes /docs lists for it. */
  const compare = async (method: string, documentedPath: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    await response.arrayBuffer();
    return { route: `${method} ${documentedPath}`, status: String(response.status), documented: Object.keys(openapi.paths[documentedPath]?.[method.toLowerCase()]?.responses ?? {}) };
  };

  it('lists 204, 201 and 202 where the routes answer so, and documents /metrics', async () => {
    await fetch(`${server.url}/api/knowledge/doomed`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ questions: ['要删的问题'], answer: '要删的答案' }) });
    const hook = await fetch(`${server.url}/api/webhooks`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'http://127.0.0.1:9/hook', events: ['conversation.queued'] }) });
    const webhook = (await hook.json()) as { webhook: { id: string } };
    const calls = [
      await compare('DELETE', '/api/knowledge/{id}', '/api/knowledge/doomed'),
      await compare('POST', '/api/bot/calibrations', '/api/bot/calibrations', { queries: [{ query: '课程可以退款吗', id: 'refund' }] }),
      await compare('GET', '/metrics', '/metrics'),
      await compare('GET', '/health', '/health'),
      await compare('POST', '/api/webhooks', '/api/webhooks', { url: 'http://127.0.0.1:9/other', events: ['conversation.closed'] }),
      await compare('DELETE', '/api/webhooks/{id}', `/api/webhooks/${webhook.webhook.id}`),
      await compare('POST', '/api/canned-replies', '/api/canned-replies', { id: 'doomed', title: 't', text: 'x' }),
      await compare('DELETE', '/api/canned-replies/{id}', '/api/canned-replies/doomed'),
    ];
    // Each answer is one /docs lists for its route.
    expect(calls.filter((c) => !c.documented.includes(c.status))).toEqual([]);
    expect(calls.map((c) => `${c.route} ${c.status}`)).toEqual([
      'DELETE /api/knowledge/{id} 204',
      'POST /api/bot/calibrations 202',
      'GET /metrics 200',
      'GET /health 200',
      'POST /api/webhooks 201',
      'DELETE /api/webhooks/{id} 204',
      'POST /api/canned-replies 200',
      'DELETE /api/canned-replies/{id} 204',
    ]);
  });
});
