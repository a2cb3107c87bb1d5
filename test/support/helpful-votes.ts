import { expect } from 'vitest';
import type { ChatMessage } from '../../packages/protocol/src/index.ts';
import type { KnowledgeEntry } from '../../packages/core/src/index.ts';
import { call, connectVisitor, until } from './clients.ts';

export const VOTE_KNOWLEDGE: KnowledgeEntry[] = [
  { id: 'refund', questions: ['怎么退款', '课程可以退费吗', '退款多久到账'], answer: '课程未上完可申请退款，3 个工作日内原路退回。' },
  { id: 'price', questions: ['一节课多少钱', '课程价格是多少', '收费标准'], answer: '一对一 180 元一节。' },
  { id: 'invoice', questions: ['怎么开发票', '发票怎么申请', '能开专票吗'], answer: '在订单页申请电子发票。' },
  { id: 'teacher', questions: ['老师是哪里的', '可以换老师吗', '老师有资质吗'], answer: '老师均持证上岗，可随时更换。' },
];
// Visitors who also said 退款 were answered, and voted the answer helpful; their other words are new to the bot
// (with `sentenceEncoder: false`: the English glosses would already read 钱拿回来 as a refund).
export const VOTED = ['不想学了钱能拿回来吗，想退款', '不学了钱还能拿回来不，怎么退款', '交的钱怎么拿回来，退款'];
/** Answered with the refund entry only once the bot has learned the votes. */
export const LATER = '不想上了，钱可以拿回来吗';

/** Each voted question from its own visitor (one conversation's burst would be read as follow-ups); returns their ids. */
export async function voteHelpful(url: string): Promise<string[]> {
  const voters: string[] = [];
  for (const [i, text] of VOTED.entries()) {
    const visitor = await connectVisitor(url);
    await call(visitor.socket, 'message:send', { clientId: `v${i}`, text });
    const answer = await until(`the answer to ${text}`, () => visitor.messages.find((m): m is ChatMessage & { type: 'bot-answer' } => m.type === 'bot-answer'));
    expect(answer.entryId).toBe('refund');
    expect(await call(visitor.socket, 'feedback', { messageId: answer.id, helpful: true })).toMatchObject({ ok: true });
    visitor.socket.close();
    voters.push(visitor.session.visitorId);
  }
  return voters;
}
