import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SynonymTableState as SynonymsState } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { loginAgent } from './support/clients.ts';

const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const CONFIGURED = [['数学', '奥数']];


describe('the synonym table at run time: saved by an operator, in effect at once, kept across restarts', () => {
  let dir: string;
  let server: RunningServer;
  let token: string;
  const start = async () => {
    server = await startServer({ port: 0, knowledge: KB, dataDir: dir, bot: { synonyms: CONFIGURED }, demoAgent: { email: 'demo@example.com', password: 'demo1234' } });
    token = await loginAgent(server.url);
  };
  const api = async <T>(path: string, init: RequestInit = {}, as = token): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${as}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const save = (body: unknown, as = token) => api<SynonymsState & { error: { code: string; message: string } }>('/api/bot/synonyms', { method: 'PUT', body: JSON.stringify(body) }, as);
  const answer = async (text: string) => {
    const { body } = await api<{ kind: string; entryId?: string }>('/api/bot/test', { method: 'POST', body: JSON.stringify({ text }) });
    return body.kind === 'answer' ? body.entryId : body.kind;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chatbot-synonyms-'));
    await start();
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the configured table and refuses bad tables, saving nothing', async () => {
    const configured = { text: '数学, 奥数', groups: CONFIGURED, configured: '数学, 奥数', saved: false, rebuilding: false };
    expect((await api('/api/bot/synonyms')).body).toEqual(configured);
    expect(await answer('怎么把钱拿回来')).not.toBe('refund');
    for (const [bad, message] of [
      [{ text: '# 退款\n退款\n' }, /^nothing saved: line 2: a group needs at least two different words$/],
      [{ text: '退款, 钱\n数学, 数学竞赛\n费用, 数学竞赛' }, /line 1: "钱" is one Chinese character.*; line 3: "数学竞赛" is already a variant of "数学"/],
      [{ text: 5 }, /body\/text must be string/],
      [{ text: '退款, 退钱', extra: true }, /must NOT have additional properties/],
      [{ text: '退款, 退钱\n'.repeat(40_000) }, /must NOT have more than 200000 characters/],
    ] as const) {
      expect(await save(bad)).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', message: expect.stringMatching(message) } } });
    }
    expect((await save({ text: '退款, 退钱' }, 'not-a-token')).status).toBe(401);
    await api('/api/agents', { method: 'POST', body: JSON.stringify({ email: 'plain@example.com', name: 'Plain', password: 'plain-pass-1' }) });
    expect((await save({ text: '退款, 退钱' }, await loginAgent(server.url, 'plain@example.com', 'plain-pass-1'))).status).toBe(403);
    expect((await api('/api/bot/synonyms')).body).toEqual(configured);
  });

  it('answers through a saved variant at once, with an entry edited while the bot was rebuilt and the saved answer bars', async () => {
    const bars = { answer: 0.3, suggest: 0.2, margin: 0.03 };
    expect((await api('/api/bot/thresholds', { method: 'PUT', body: JSON.stringify(bars) })).status).toBe(200);
    const table = '# 访客的说法\n退款, 把钱拿回来\n数学, 奥数';
    const [saved, edited] = await Promise.all([
      save({ text: table }),
      api('/api/knowledge/hours', { method: 'PUT', body: JSON.stringify({ questions: ['客服几点下班'], answer: '客服 9:00–21:00 在线。' }) }),
    ]);
    expect(edited.status).toBe(200);
    expect(saved).toMatchObject({ status: 200, body: { text: table, groups: [['退款', '把钱拿回来'], ['数学', '奥数']], configured: '数学, 奥数', saved: true } });
    expect(await answer('怎么把钱拿回来')).toBe('refund');
    expect(await answer('客服几点下班')).toBe('hours');
    expect((await api('/api/bot/thresholds')).body).toMatchObject({ thresholds: { ...bars, sharedWord: bars.answer }, saved: true });
    expect(server.bot().thresholds()).toEqual({ ...bars, sharedWord: bars.answer });
    await api('/api/bot/thresholds', { method: 'DELETE' });
  });

  it('keeps the saved table across a restart, and goes back to the configured one', async () => {
    await server.close();
    await start();
    expect((await api<SynonymsState>('/api/bot/synonyms')).body).toMatchObject({ text: '# 访客的说法\n退款, 把钱拿回来\n数学, 奥数', saved: true });
    expect(await answer('怎么把钱拿回来')).toBe('refund');
    expect(await answer('客服几点下班')).toBe('hours');
    expect((await api('/api/bot/synonyms', { method: 'DELETE' })).body).toMatchObject({ text: '数学, 奥数', saved: false });
    expect(await answer('怎么把钱拿回来')).not.toBe('refund');
    expect(await answer('客服几点下班')).toBe('hours');
  });
});
