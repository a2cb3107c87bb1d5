import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChatMessage, HandoffStatus } from '../packages/protocol/src/index.ts';
import { DEFAULT_THRESHOLDS } from '../packages/core/src/index.ts';
import { call, connectVisitor, loginAgent } from './support/clients.ts';
import { startServerProcess } from './support/server-process.ts';

// The README's main job: what `pnpm start` runs.
const MAIN = new URL('../examples/demo/start.ts', import.meta.url).pathname;
const KB = new URL('../packages/core/test-fixtures/edu.jsonl', import.meta.url).pathname;
const DEMO_KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;

/** Starts `pnpm start`'s entry point as a real process on a free port. */
const startProcess = (dataDir: string, env: Record<string, string> = {}) => startServerProcess({ DATA_DIR: dataDir, KNOWLEDGE: KB, VISITOR_MESSAGES_PER_MINUTE: '6000', ...env }, MAIN);

describe('the main job', () => {
  it('mounts the WeChat channel at /wechat when WECHAT_* variables are set', async () => {
    const { wechatSignature } = await import('../packages/wechat-adapter/src/index.ts');
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbot-wechat-main-'));
    // A data folder whose parents do not exist yet, as `.data/pglite` on a fresh clone.
    const { child, url, exited } = await startProcess(join(dataDir, 'not', 'there', 'yet'), { KNOWLEDGE: DEMO_KB, WECHAT_TOKEN: 'maintoken', WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 'secret', WECHAT_API_BASE: 'http://127.0.0.1:9' });
    try {
      const now = String(Math.floor(Date.now() / 1000));
      const response = await fetch(`${url}/wechat?timestamp=${now}&nonce=2&signature=${wechatSignature(['maintoken', now, '2'])}&echostr=ok42`);
      expect(await response.text()).toBe('ok42');
      // Everything the README promises the main job serves.
      for (const path of ['/', '/widget.js', '/console', '/console.js', '/dashboard', '/dashboard.js', '/docs/', '/health']) expect([path, (await fetch(`${url}${path}`)).status]).toEqual([path, 200]);
      // The demo knowledge base comes with its synonym table, which operators can replace at run time.
      const synonyms = (await (await fetch(`${url}/api/bot/synonyms`, { headers: { authorization: `Bearer ${await loginAgent(url)}` } })).json()) as { configured: string; saved: boolean };
      expect(synonyms).toMatchObject({ configured: expect.stringContaining('退款, 退钱, 退费'), saved: false });
      // A body over the limit is answered 413 PAYLOAD_TOO_LARGE, which a client still sending it reads: Node's fetch saw a broken pipe (EPIPE) when the server closed on it mid-write.
      for (const body of [JSON.stringify({ email: 'x'.repeat(3_600_000) }), chunkedBody(64 * 1024, 40)]) {
        const oversized = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
        expect([oversized.status, ((await oversized.json()) as { error: { code: string } }).error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      }
      // Ctrl-C / SIGTERM stops it cleanly.
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the main job with a synonym table and its own answer bars', () => {
  it('rewrites visitors\' words with SYNONYMS, answers at ANSWER_THRESHOLD and refuses a bad table at start', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbot-synonyms-main-'));
    await writeFile(join(dataDir, 'synonyms.txt'), '# 发票\n增值税发票, 专票\n');
    await writeFile(join(dataDir, 'bad.txt'), '卡顿, 卡\n');
    const { child, url, exited } = await startProcess(join(dataDir, 'db'), { SYNONYMS: join(dataDir, 'synonyms.txt'), ANSWER_WEIGHT: '0.1', ANSWER_THRESHOLD: '0.3', SUGGEST_THRESHOLD: '0.15' });
    try {
      // Bars set in the environment replace the defaults, the margin not set keeps its default.
      const health = (await (await fetch(`${url}/health`)).json()) as { bot: { thresholds: Record<string, number> } };
      expect(health.bot.thresholds).toEqual({ answer: 0.3, sharedWord: 0.3, suggest: 0.15, margin: DEFAULT_THRESHOLDS.lexical.margin });
      const token = await loginAgent(url);
      const tested = await fetch(`${url}/api/bot/test`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: '能开专票吗' }) });
      const body = (await tested.json()) as { kind: string; entryId?: string; trace: { stage: string; detail: unknown }[] };
      expect(body.trace.find((t) => t.stage === 'normalize')?.detail).toEqual({ text: '能开增值税发票吗' });
      expect(body).toMatchObject({ kind: 'answer', entryId: 'invoice' });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(startProcess(join(dataDir, 'db2'), { SYNONYMS: join(dataDir, 'bad.txt') })).rejects.toThrow(/exited with 1 before listening/);
    } finally {
      child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the main job started wrongly', () => {
  it('stops on a configuration or file mistake with the mistake named, not a stack trace', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbot-mistake-'));
    await writeFile(join(dataDir, 'bad.txt'), '卡顿, 卡\n');
    try {
      for (const [env, named] of [[{ SHARED_WORD_THRESHOLD: '2' }, 'chatbot: invalid configuration:\n  SHARED_WORD_THRESHOLD'], [{ SYNONYMS: join(dataDir, 'bad.txt') }, 'chatbot: the synonym table has 1 problem; line 1']] as const) {
        const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, KNOWLEDGE: KB, PORT: '0', DATA_DIR: join(dataDir, 'db'), ...env }, encoding: 'utf8', timeout: 120_000 });
        expect(run.status).toBe(1);
        expect(run.stderr).toContain(named);
        expect(run.stderr).not.toMatch(/\n\s+at /);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

});

describe('a server killed with SIGKILL', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it('loses no acknowledged message and keeps a queued visitor queued after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'chatbot-restart-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await startProcess(dataDir);
    cleanup.push(async () => first.child.kill('SIGKILL'));
    expect(first.output()).toContain(`entries from ${KB}`);

    const visitor = await connectVisitor(first.url);
    const acknowledged: string[] = [];
    for (let i = 0; i < 20; i++) {
      const ack = await call<{ message: ChatMessage }>(visitor.socket, 'message:send', { clientId: `k${i}`, text: `第 ${i} 条消息` });
      if (ack.ok) acknowledged.push(ack.message.id);
    }
    const queued = await call<{ status: HandoffStatus }>(visitor.socket, 'handoff:request', {});
    expect(queued.ok && queued.status.state).toBe('queued');
    visitor.socket.close();
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await startProcess(dataDir);
    cleanup.push(async () => second.child.kill('SIGKILL'));
    // The store's knowledge base wins over KNOWLEDGE after the first start, and the start says so.
    expect(second.output()).toContain('kept in the store, KNOWLEDGE only seeds an empty one');
    const back = await connectVisitor(second.url, { visitorToken: visitor.session.visitorToken });
    expect(back.session).toMatchObject({ conversationId: visitor.session.conversationId, state: 'queued' });
    const history = await call<{ messages: ChatMessage[] }>(back.socket, 'history', {});
    const stored = new Set(history.ok ? history.messages.map((m) => m.id) : []);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(acknowledged).toHaveLength(20);
    back.socket.close();
  }, 120_000); // two process starts and a kill: on a loaded 2-core machine this alone can take a minute
});

/** A request body sent in chunks with no length announced. */
function chunkedBody(chunkBytes: number, chunks: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ < chunks) controller.enqueue(new Uint8Array(chunkBytes).fill(120));
      else controller.close();
    },
  });
}
