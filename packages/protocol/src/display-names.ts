import type { ConversationState, HandoffReason } from './messages.ts';

/** What the console and the dashboard call each conversation state, in Chinese and English. */
export const CONVERSATION_STATE_NAMES: Record<'zh' | 'en', Record<ConversationState, string>> = {
  zh: { bot: '机器人接待', queued: '排队中', agent: '人工接待中', closed: '已结束' },
  en: { bot: 'with the bot', queued: 'queued', agent: 'with an agent', closed: 'closed' },
};

/** Why a conversation was handed to a person, in words. */
export const HANDOFF_REASON_NAMES: Record<'zh' | 'en', Record<HandoffReason, string>> = {
  zh: { 'visitor-request': '访客要求', 'no-answer': '机器人多次答不上', 'negative-feedback': '访客点了“没帮助”', keyword: '触发关键词', 'agent-pick': '客服主动接入' },
  en: { 'visitor-request': 'the visitor asked', 'no-answer': 'the bot could not answer', 'negative-feedback': 'rated an answer unhelpful', keyword: 'a keyword', 'agent-pick': 'an agent took it' },
};
