import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '@chatbot/protocol';
import { replyText } from './wechat-channel.ts';

const base = { id: 'm', conversationId: 'c', seq: 1, createdAt: '2026-11-25T00:00:00Z' };

describe('WeChat reply text', () => {
  it('numbers suggestions (answered with a number) and lists a flow question\'s choices, since WeChat has no chips', () => {
    const messages: ChatMessage[] = [
      { ...base, type: 'bot-suggest', text: '您是不是想问：', suggestions: [{ entryId: 'a', question: '怎么退款' }, { entryId: 'b', question: '退款多久到账' }] },
      { ...base, type: 'bot-flow', text: '想试听哪门课？', flowId: 'book-trial', event: 'prompt', choices: ['英语', '数学'] },
      { ...base, type: 'bot-small-talk', text: '不客气！', intent: 'thanks' },
    ];
    expect(replyText(messages)).toBe('您是不是想问：\n1. 怎么退款\n2. 退款多久到账\n（回复序号即可）\n\n想试听哪门课？\n（英语 / 数学）\n\n不客气！');
  });
});
