import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { loginAgent } from './support/clients.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;

describe('server: every HTTP error is { error: { code, message } } with the code docs/errors.md gives', () => {
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    token = await loginAgent(server.url);
  });
  afterAll(async () => server.close());

  const refusal = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${server.url}${path}`, init);
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it('answers an unknown route, or a method its path does not take, with NOT_FOUND', async () => {
    expect(await refusal('/api/nope')).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'no route GET /api/nope (the API: /docs)' } } });
    expect(await refusal('/api/knowledge/x?y=1', { method: 'PATCH', headers: { authorization: `Bearer ${token}` } })).toEqual({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'no route PATCH /api/knowledge/x (the API: /docs)' } } });
  });

  it('refuses a body of a type the route does not take with UNSUPPORTED_MEDIA_TYPE, naming the types it takes', async () => {
    const form = await refusal('/api/bot/test', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=hi' });
    expect(form).toEqual({ status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'POST /api/bot/test does not take Content-Type application/x-www-form-urlencoded; send application/json' } } });
  });

  it('asks for a bearer token (AUTH_REQUIRED) from a request with none, and refuses a bad one with AUTH_BAD_TOKEN', async () => {
    const required = { status: 401, body: { error: { code: 'AUTH_REQUIRED', message: expect.stringContaining('Authorization: Bearer <token>') } } };
    expect(await refusal('/api/knowledge')).toEqual(required);
    expect(await refusal('/api/knowledge', { headers: { authorization: 'Basic dXNlcjpwYXNz' } })).toEqual(required);
    expect(await refusal('/api/knowledge', { headers: { authorization: 'Bearer ' } })).toEqual(required);
    expect(await refusal('/api/knowledge', { headers: { authorization: 'Bearer not-a-token' } })).toEqual({ status: 401, body: { error: { code: 'AUTH_BAD_TOKEN', message: expect.any(String) } } });
    expect((await fetch(`${server.url}/api/knowledge`, { headers: { authorization: `bearer ${token}` } })).status).toBe(200);
  });
});
