import type { ChatMessage, HandoffStatus } from '@chatbot/protocol';

/** How often a follower still waiting is told where they are, at most (each message of theirs would be too often). */
export const QUEUE_STATUS_EVERY_MS = 60_000;

/**
 * What a channel visitor waiting for a person reads, as the widget shows it: their place and the wait, or that
 * nobody is online and their messages are kept. Not stored: it says how things stand now.
 */
export function queueStatusLine(conversationId: string, status: HandoffStatus, now = new Date()): Extract<ChatMessage, { type: 'system' }> | undefined {
  if (status.state !== 'queued') return undefined;
  const minutes = Math.max(1, Math.round((status.etaSeconds ?? 0) / 60));
  const text = status.offHours
    ? '现在没有客服在线，您的消息已记下，客服上线后会尽快回复您。 / No agent is online now: your messages are kept and an agent will reply as soon as one is back.'
    : `您前面还有 ${Math.max(0, (status.position ?? 1) - 1)} 位，预计等待约 ${minutes} 分钟。 / You are number ${status.position ?? 1} in the queue, about ${minutes} min to wait.`;
  return { id: `queue-status:${conversationId}:${now.getTime()}`, conversationId, seq: 0, createdAt: now.toISOString(), type: 'system', event: 'queued', text };
}
