import type { ConversationSummary } from './agent-events.ts';
import type { ChatMessage } from './messages.ts';

/** What a webhook can be told about (事件推送). */
export const WEBHOOK_EVENTS = [
  /** A visitor waits for a person (asked for one, the bot could not help, a bad answer): the alert most teams want. */
  'conversation.queued',
  'conversation.assigned',
  'conversation.transferred',
  'conversation.returned-to-bot',
  'conversation.closed',
  /** The visitor rated a closed conversation (1–5, with an optional comment). */
  'conversation.rated',
  /** Every message: visitor, bot, agent, system and internal notes (for a CRM or an archive). */
  'message.created',
  /** Outside working hours or with no agent online, the visitor left a message and a contact. */
  'left-message.created',
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * How the request body is written: `json` is our own payload, signed; the others are the group robots of
 * WeCom (企业微信), DingTalk (钉钉) and Feishu (飞书), which show a short markdown or text alert in a group chat.
 */
export const WEBHOOK_FORMATS = ['json', 'wecom', 'dingtalk', 'feishu'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** A subscription (`GET /api/webhooks`); the secret is never shown again after creation. */
export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  format: WebhookFormat;
  active: boolean;
  /** Whether a signing secret is set (json: our HMAC header; dingtalk / feishu: the robot's 加签 secret). */
  signed: boolean;
  createdAt: string;
}

/** `POST /api/webhooks` (and `PATCH` with any subset). Without `secret` a json webhook gets a generated one, shown once. */
export interface WebhookInput {
  url: string;
  events: WebhookEvent[];
  format?: WebhookFormat;
  secret?: string;
  active?: boolean;
}

/** The `json` body: `data` depends on the event. */
export interface WebhookPayload {
  /** The delivery's id: the same on every retry, so a receiver can ignore repeats. */
  id: string;
  event: WebhookEvent | 'ping';
  createdAt: string;
  data: WebhookData;
}

export interface WebhookData {
  conversation?: ConversationSummary;
  message?: ChatMessage;
  /** For conversation.queued: the last visitor and bot messages, so the alert says what the visitor wants. */
  recentMessages?: ChatMessage[];
  rating?: { score: number; comment?: string };
  leftMessage?: { visitorId: string; name?: string; contact: string; text: string };
  /** For conversation.transferred: the agent who had it. */
  fromAgentId?: string;
}

/** One attempt history row (`GET /api/webhooks/:id/deliveries`). */
export interface WebhookDelivery {
  id: string;
  event: WebhookEvent | 'ping';
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** HTTP status of the last attempt (absent when it never got one: timeout, refused connection). */
  lastStatus?: number;
  lastError?: string;
  nextAttemptAt?: string;
  createdAt: string;
  deliveredAt?: string;
}
