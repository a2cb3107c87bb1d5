import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFlows } from '../packages/core/src/index.ts';
import { startServer } from '../packages/server/src/index.ts';
import { call, connectVisitor, until } from './support/clients.ts';
import { startSlowBookings } from './support/slow-bookings.ts';

const KB = new URL('../examples/demo/kb.jsonl', import.meta.url).pathname;
const FLOWS = new URL('../examples/demo/flows.yaml', import.meta.url).pathname;

describe('server: a task flow over socket.io, kept in the store across a restart', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'flow-restart-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('books a trial lesson, answering a question in the middle, and resumes after the server restarts', async () => {
    const flows = parseFlows(await readFile(FLOWS, 'utf8'));
    const first = await startServer({ port: 0, knowledge: KB, dataDir, bot: { flows } });
    const visitor = await connectVisitor(first.url);
    const flowReplies = () => visitor.messages.filter((m) => m.type === 'bot-flow');
    await call(visitor.socket, 'message:send', { clientId: 'f1', text: '我要预约试听' });
    await until('the age question', () => flowReplies()[0]);
    await call(visitor.socket, 'message:send', { clientId: 'f2', text: '8岁' });
    const subject = await until('the subject question', () => flowReplies()[1]);
    expect(subject).toMatchObject({ event: 'prompt', choices: ['英语', '数学', '编程'] });
    visitor.socket.close();
    await first.close();

    const second = await startServer({ port: 0, knowledge: KB, dataDir, bot: { flows }, visitorMessagesPerMinute: 120 });
    try {
      const back = await connectVisitor(second.url, { visitorToken: visitor.session.visitorToken });
      const replies = () => back.messages.filter((m) => m.type === 'bot-flow');
      await call(back.socket, 'message:send', { clientId: 'f3', text: '退款多久到账' });
      const interrupted = await until('the refund answer, then the subject again', () => replies().find((m) => m.event === 'interrupted'));
      expect(interrupted.type === 'bot-flow' && interrupted.text).toMatch(/工作日[\s\S]*想试听哪门课/);
      await call(back.socket, 'message:send', { clientId: 'f4', text: '英语' });
      await until('the date question', () => replies().find((m) => m.text.includes('哪天')));
      await call(back.socket, 'message:send', { clientId: 'f5', text: '明天' });
      await call(back.socket, 'message:send', { clientId: 'f6', text: '13812345678' });
      const confirm = await until('the confirmation', () => replies().find((m) => m.text.startsWith('确认')));
      expect(confirm.type === 'bot-flow' && confirm.text).toMatch(/8 岁的孩子预约\d{1,2}月\d{1,2}日（周.）的英语试听课，联系电话 13812345678/);
      await call(back.socket, 'message:send', { clientId: 'f7', text: '好的' });
      await until('booked', () => replies().find((m) => m.event === 'done'));
      // The flow is over: the next question is an ordinary FAQ question again.
      expect(await call(back.socket, 'message:send', { clientId: 'f8', text: '怎么开发票' })).toMatchObject({ ok: true });
      await until('an FAQ answer', () => back.messages.find((m) => m.type === 'bot-answer' && m.entryId === 'invoice'));
      back.socket.close();
    } finally {
      await second.close();
    }
  });

  it('takes answers sent in quick succession in order, and books once for two quick yeses', async () => {
    const bookings = await startSlowBookings();
    const flows = parseFlows(await readFile(FLOWS, 'utf8')).map((f) => ({ ...f, webhook: { url: bookings.url } }));
    const server = await startServer({ port: 0, knowledge: KB, bot: { flows }, visitorMessagesPerMinute: 120 });
    try {
      const visitor = await connectVisitor(server.url);
      const replies = () => visitor.messages.filter((m) => m.type === 'bot-flow');
      const send = (text: string, i: number) => call(visitor.socket, 'message:send', { clientId: `quick-${i}`, text });
      await send('我要预约试听', 0);
      await until('the age question', () => replies()[0]);
      await Promise.all(['8岁', '英语', '明天', '13812345678'].map((text, i) => send(text, i + 1)));
      const confirm = await until('the confirmation', () => replies().find((m) => m.text.startsWith('确认')));
      expect(confirm.type === 'bot-flow' && confirm.text).toMatch(/8 岁的孩子预约\d{1,2}月\d{1,2}日（周.）的英语试听课，联系电话 13812345678/);
      await Promise.all([send('是', 5), send('是', 6)]);
      await until('booked', () => replies().find((m) => m.event === 'done'));
      await until('both yeses answered', () => visitor.messages.filter((m) => m.type.startsWith('bot')).length >= 7);
      expect(bookings.booked).toHaveLength(1);
      expect(replies().filter((m) => m.event === 'invalid')).toEqual([]);
      visitor.socket.close();
    } finally {
      await server.close();
      bookings.close();
    }
  });
});
