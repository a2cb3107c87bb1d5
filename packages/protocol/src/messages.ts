import type { FileRef } from './files.ts';

/** The longest text message (UTF-16 code units, after trimming) the server takes from a visitor or an agent. */
export const MAX_MESSAGE_CHARS = 4000;
/** The longest contact (phone, email) a visitor may leave with a message. */
export const MAX_CONTACT_CHARS = 200;
/** The most messages one visitor `history` answer holds; a full page says `hasMore`. */
export const MAX_HISTORY_PAGE = 500;

/** Who wrote a message. */
export type Sender = 'visitor' | 'bot' | 'agent' | 'system';

/** Conversation routing state: the hand-off state machine's states. */
export type ConversationState = 'bot' | 'queued' | 'agent' | 'closed';

/** The channel a visitor came through. */
export type ChannelName = 'web' | 'wechat' | (string & {});

/** A "did you mean" choice offered by the bot. */
export interface Suggestion {
  entryId: string;
  question: string;
}

interface MessageBase {
  /** Server-assigned id (unique). */
  id: string;
  conversationId: string;
  /** Monotonic per conversation, starting at 1: clients resume with `afterSeq`. */
  seq: number;
  /** Client-chosen id; a resend with the same clientId is not stored twice. */
  clientId?: string;
  /** ISO-8601 timestamp. */
  createdAt: string;
}

/**
 * Every message stored in a conversation. Text is always plain text: clients must
 * render it as text, never as HTML.
 *
 * @example
 * const m: ChatMessage = { type: 'visitor-text', id: 'm1', conversationId: 'c1', seq: 1, createdAt: new Date().toISOString(), text: '课程可以退款吗' };
 */
export type ChatMessage =
  | (MessageBase & { type: 'visitor-text'; text: string })
  /** A picture or document the visitor sent (a screenshot of the problem, a receipt). */
  | (MessageBase & { type: 'visitor-file'; file: FileRef })
  | (MessageBase & { type: 'bot-answer'; text: string; entryId: string; confidence: number })
  /** Greetings, thanks, goodbyes, "who are you": a small-talk reply, not an FAQ answer (no feedback buttons). */
  | (MessageBase & { type: 'bot-small-talk'; text: string; intent: string })
  /** A task-flow turn ("孩子几岁了？"); `choices` are quick replies the visitor can tap. */
  | (MessageBase & { type: 'bot-flow'; text: string; flowId: string; event: string; choices?: string[] })
  | (MessageBase & { type: 'bot-suggest'; text: string; suggestions: Suggestion[] })
  | (MessageBase & { type: 'bot-fallback'; text: string; reason: string })
  | (MessageBase & { type: 'agent-text'; text: string; agentId: string; agentName: string })
  | (MessageBase & { type: 'agent-file'; file: FileRef; agentId: string; agentName: string })
  /** A proactive message (主动服务) an operator sent to a segment of visitors. */
  | (MessageBase & { type: 'proactive'; text: string; campaignId: string })
  /** Internal note: agents only, never sent to the visitor. */
  | (MessageBase & { type: 'note'; text: string; agentId: string; agentName: string })
  | (MessageBase & { type: 'system'; event: SystemEvent; text: string });

export type ChatMessageType = ChatMessage['type'];

/** System events written into the transcript. */
export type SystemEvent =
  | 'queued'
  | 'assigned'
  | 'transferred'
  | 'returned-to-bot'
  | 'closed'
  | 'left-message'
  /** The visitor sent an opt-out word: no more proactive messages (an opt-in word undoes it). */
  | 'opted-out'
  | 'opted-in';

/** Message types a visitor may see (notes are filtered out). */
export type VisitorVisibleMessage = Exclude<ChatMessage, { type: 'note' }>;

/** Why a conversation was handed to a human. */
export type HandoffReason = 'visitor-request' | 'no-answer' | 'negative-feedback' | 'keyword' | 'agent-pick';
