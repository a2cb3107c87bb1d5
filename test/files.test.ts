import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ConversationDetail } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectAgent, connectVisitor, loginAgent, until, type AgentClient } from './support/clients.ts';
import { dropSchema, POSTGRES_URL } from './support/postgres.ts';
import { PNG } from './support/files.ts';
import { launchBrowser, openDashboard } from './support/browser.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const MAX = 64 * 1024;

type Upload = { status: number; body: { message?: ChatMessage; error?: { code: string; message: string } } };

describe('files in conversations (PostgreSQL)', () => {
  const schema = `files_${randomBytes(4).toString('hex')}`;
  let server: RunningServer;
  let agent: AgentClient;
  let jwt: string;
  beforeAll(async () => {
    server = await startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, demoAgent: { email: 'demo@example.com', password: 'demo1234' }, maxFileBytes: MAX });
    jwt = await loginAgent(server.url);
    agent = await connectAgent(server.url, jwt);
  });
  afterAll(async () => {
    agent?.close();
    await server?.close();
    await dropSchema(schema);
  });

  async function upload(path: string, body: Uint8Array, headers: Record<string, string>): Promise<Upload> {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...headers }, body: new Blob([new Uint8Array(body)]) });
    return { status: response.status, body: (await response.json()) as Upload['body'] };
  }
  const transcript = async (conversationId: string) => ((await call<ConversationDetail>(agent, 'conversation:open', { conversationId })) as ConversationDetail & { ok: true }).messages;

  it('takes a visitor\'s picture into their conversation, has the bot offer a person, and serves the same bytes', async () => {
    const visitor = await connectVisitor(server.url);
    const headers = { 'x-visitor-token': visitor.session.visitorToken, 'x-client-id': 'shot-1', 'x-file-name': encodeURIComponent('C:\\fakepath\\订单截图.png'), 'content-type': 'image/png' };
    const sent = await upload('/api/visitor/files', PNG, headers);
    expect(sent.status).toBe(200);
    const message = sent.body.message!;
    expect(message).toMatchObject({ type: 'visitor-file', conversationId: visitor.session.conversationId, file: { name: '订单截图.png', mime: 'image/png', size: PNG.length } });
    if (message.type !== 'visitor-file') throw new Error('not a file message');

    // The visitor's own socket sees it, then the bot's reply: it cannot read pictures and offers a person.
    const reply = await until('the bot reply', () => visitor.messages.find((m) => m.type === 'bot-fallback'));
    expect(visitor.messages.some((m) => m.id === message.id)).toBe(true);
    expect(reply).toMatchObject({ reason: 'file' });
    expect(reply.type === 'bot-fallback' && reply.text).toContain('转人工');

    const file = await fetch(`${server.url}/api/files/${message.file.id}`);
    expect(file.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await file.arrayBuffer()), PNG)).toBe(0);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    expect(file.headers.get('content-disposition')).toBe(`inline; filename*=UTF-8''${encodeURIComponent('订单截图.png')}`);

    // A resend (the answer was lost) is the same message: no second file, no second bot reply.
    const again = await upload('/api/visitor/files', PNG, headers);
    expect(again.body.message?.id).toBe(message.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stored = await transcript(visitor.session.conversationId);
    expect(stored.map((m) => m.type)).toEqual(['visitor-file', 'bot-fallback']);

    // Conversation search finds it by the file's name; the CSV export names the file and its link.
    const auth = { headers: { authorization: `Bearer ${jwt}` } };
    const found = (await (await fetch(`${server.url}/api/conversations?q=${encodeURIComponent('订单截图')}`, auth)).json()) as { id: string }[];
    expect(found.map((c) => c.id)).toEqual([visitor.session.conversationId]);
    const csv = await (await fetch(`${server.url}/api/conversations/export?format=csv`, auth)).text();
    expect(csv).toContain(`📎 订单截图.png (/api/files/${message.file.id})`);
    visitor.socket.close();
  });

  it('refuses bad uploads with a clear error and stores nothing', async () => {
    const visitor = await connectVisitor(server.url);
    expect(visitor.session.maxFileBytes).toBe(MAX); // so a client refuses a larger file before uploading it
    const token = visitor.session.visitorToken;
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    const cases: [string, Promise<Upload>, number, string][] = [
      ['no token', upload('/api/visitor/files', PNG, { 'x-client-id': 'a' }), 401, 'AUTH_REQUIRED'],
      ['a wrong token', upload('/api/visitor/files', PNG, { 'x-visitor-token': 'not-a-token', 'x-client-id': 'a' }), 401, 'AUTH_BAD_TOKEN'],
      ['an SVG called a PNG', upload('/api/visitor/files', svg, { 'x-visitor-token': token, 'x-client-id': 'b', 'content-type': 'image/png', 'x-file-name': 'cat.png' }), 415, 'FILE_TYPE_NOT_ALLOWED'],
      ['an empty body', upload('/api/visitor/files', new Uint8Array(), { 'x-visitor-token': token, 'x-client-id': 'c' }), 400, 'BAD_REQUEST'],
      ['no client id', upload('/api/visitor/files', PNG, { 'x-visitor-token': token }), 400, 'BAD_REQUEST'],
      ['a reserved client id', upload('/api/visitor/files', PNG, { 'x-visitor-token': token, 'x-client-id': 'reply-to:x' }), 400, 'BAD_REQUEST'],
      ['a file over the limit', upload('/api/visitor/files', Buffer.concat([PNG, Buffer.alloc(MAX)]), { 'x-visitor-token': token, 'x-client-id': 'd' }), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [what, pending, status, code] of cases) {
      const { status: got, body } = await pending;
      expect({ what, status: got, code: body.error?.code }).toEqual({ what, status, code });
      expect(body.error?.message.length, what).toBeGreaterThan(5);
    }
    expect(await transcript(visitor.session.conversationId)).toEqual([]);
    const unknown = await fetch(`${server.url}/api/files/no-such-file`);
    expect([unknown.status, ((await unknown.json()) as Upload['body']).error?.code]).toEqual([404, 'NOT_FOUND']);

    // The widget uploads from the customer's site: the preflight allows it.
    const preflight = await fetch(`${server.url}/api/visitor/files`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-visitor-token, x-client-id, x-file-name' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-visitor-token');
    visitor.socket.close();
  });

  it('lets the agent who owns a conversation send a PDF the visitor receives, and no one else', async () => {
    const visitor = await connectVisitor(server.url);
    const conversationId = visitor.session.conversationId;
    const bearer = { authorization: `Bearer ${jwt}`, 'content-type': 'application/pdf' };
    // Not taken yet: the agent may not send into it.
    const early = await upload(`/api/conversations/${conversationId}/files`, PDF, { ...bearer, 'x-client-id': 'pdf-0' });
    expect([early.status, early.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    await call(agent, 'conversation:take', { conversationId });

    const sent = await upload(`/api/conversations/${conversationId}/files`, PDF, { ...bearer, 'x-client-id': 'pdf-1', 'x-file-name': encodeURIComponent('发票.pdf') });
    expect(sent.status).toBe(200);
    expect(sent.body.message).toMatchObject({ type: 'agent-file', agentName: 'Demo Agent', file: { name: '发票.pdf', mime: 'application/pdf' } });
    const received = await until('the file at the visitor', () => visitor.messages.find((m) => m.type === 'agent-file'));
    if (received.type !== 'agent-file') throw new Error('not a file');
    const file = await fetch(`${server.url}/api/files/${received.file.id}`);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.compare(Buffer.from(await file.arrayBuffer()), PDF)).toBe(0);

    const cases: [Promise<Upload>, number, string][] = [
      [upload(`/api/conversations/${conversationId}/files`, PDF, { 'x-client-id': 'pdf-2' }), 401, 'AUTH_REQUIRED'],
      [upload(`/api/conversations/${conversationId}/files`, PDF, { authorization: 'Bearer forged', 'x-client-id': 'pdf-2' }), 401, 'AUTH_BAD_TOKEN'],
      [upload('/api/conversations/no-such-conversation/files', PDF, { ...bearer, 'x-client-id': 'pdf-3' }), 404, 'CONVERSATION_NOT_FOUND'],
    ];
    for (const [pending, status, code] of cases) expect([(await pending).status, (await pending).body.error?.code]).toEqual([status, code]);
    const types = (await transcript(conversationId)).map((m) => m.type);
    expect(types.filter((t) => t === 'agent-file')).toHaveLength(1);
    expect((await call<{ conversation: unknown }>(agent, 'conversation:close', { conversationId })).ok).toBe(true);
    visitor.socket.close();
  });
});

describe('file retention (FILE_RETENTION_DAYS, PostgreSQL)', () => {
  it('deletes files older than the retention period and keeps newer ones and the messages', async () => {
    const schema = `retain_${randomBytes(4).toString('hex')}`;
    const server = await startServer({ port: 0, knowledge: KB, databaseUrl: POSTGRES_URL, databaseSchema: schema, demoAgent: { email: 'demo@example.com', password: 'demo1234' }, fileRetention: { days: 30, everyMs: 200 } });
    const db = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` });
    await db.connect();
    try {
      const visitor = await connectVisitor(server.url);
      const send = async (clientId: string) => {
        const response = await fetch(`${server.url}/api/visitor/files`, { method: 'POST', headers: { 'x-visitor-token': visitor.session.visitorToken, 'x-client-id': clientId, 'x-file-name': `${clientId}.png` }, body: new Blob([new Uint8Array(PNG)]) });
        return ((await response.json()) as { message: ChatMessage & { file: { id: string } } }).message;
      };
      const old = await send('old');
      const fresh = await send('fresh');
      await db.query("update files set created_at = now() - interval '31 days' where id = $1", [old.file.id]);
      await until('the old file deleted', async () => (await fetch(`${server.url}/api/files/${old.file.id}`)).status === 404, 100);
      expect((await fetch(`${server.url}/api/files/${fresh.file.id}`)).status).toBe(200);
      const messages = await db.query("select count(*)::int as n from messages where type = 'visitor-file'");
      expect(messages.rows[0].n).toBe(2);
      visitor.socket.close();

      // In the operator's transcript the deleted picture says so by its name; the kept one shows.
      const browser = await launchBrowser();
      try {
        const page = await openDashboard(browser, server.url);
        await page.click('button[data-tab=history]');
        await page.locator(`conversation-history tr[data-id="${visitor.session.conversationId}"]`).click();
        const log = page.locator('conversation-history conversation-transcript .log');
        await log.locator('a.file.unavailable').waitFor();
        expect(await log.locator('a.file.unavailable').getAttribute('data-note')).toBe('old.png (expired or unavailable)');
        await until('the kept picture to load', () => log.locator('a.file:not(.unavailable) img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 1));
      } finally {
        await browser.close();
      }
    } finally {
      await db.end();
      await server.close();
      await dropSchema(schema);
    }
  });
});
