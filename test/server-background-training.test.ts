import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../packages/protocol/src/index.ts';
import { startServer, type RunningServer } from '../packages/server/src/index.ts';
import { call, connectVisitor, until } from './support/clients.ts';

const KB = new URL('../examples/shop-en/kb.jsonl', import.meta.url).pathname;

describe('server: an English knowledge base answers while its sentence encoder is fine-tuned in the background', () => {
  let server: RunningServer;
  let trainedAtStart: boolean;
  beforeAll(async () => {
    // More epochs than the default only to keep the training window wide open on a fast machine.
    server = await startServer({ port: 0, knowledge: KB, bot: { fineTuneEncoder: { epochs: 6 } } });
    trainedAtStart = !server.bot().info().training;
  });
  afterAll(async () => server.close());

  it('starts before the fine-tuning ends, answers visitors meanwhile, and reports the training on /health', async () => {
    expect(trainedAtStart).toBe(false);
    const health = async () => ((await (await fetch(`${server.url}/health`)).json()) as { bot: { reranker: string; training: boolean } }).bot;
    expect(await health()).toMatchObject({ reranker: expect.stringMatching(/^fine-tuned-encoder/) });
    const { socket, messages } = await connectVisitor(server.url);
    const answers = () => messages.filter((m): m is Extract<ChatMessage, { type: 'bot-answer' }> => m.type === 'bot-answer');
    await call(socket, 'message:send', { clientId: 'during', text: 'is my laptop still under warranty' });
    expect(await until('an answer during training', () => answers()[0])).toMatchObject({ entryId: 'warranty-laptop' });
    await server.bot().trained();
    expect(await health()).toMatchObject({ training: false });
    await call(socket, 'message:send', { clientId: 'after', text: 'is my laptop still under warranty' });
    expect(await until('an answer after training', () => answers()[1])).toMatchObject({ entryId: 'warranty-laptop' });
    socket.close();
  });
});
