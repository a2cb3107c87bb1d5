import type { ChatMessage, ChannelName, ConversationState, VisitorVisibleMessage } from './messages.ts';
import type { AckCallback } from './results.ts';

/** socket.io namespace for visitors. */
export const VISITOR_NAMESPACE = '/visitor';

/**
 * Sent in the socket.io `auth` option when a visitor connects.
 * Without `visitorToken` the server creates a new visitor and returns its token in `session`.
 */
export interface VisitorAuth {
  visitorToken?: string;
  channel?: ChannelName;
  page?: string;
  language?: string;
  /** The agents' group (技能组) this page's visitors are handed to, e.g. "sales" on the pricing page; empty: anyone's. */
  group?: string;
  /** Optional identity verification: hmac = HMAC-SHA256(secret, id), hex. */
  identity?: { id: string; name?: string; hmac: string };
}

export interface VisitorSession {
  visitorId: string;
  visitorToken: string;
  conversationId: string;
  state: ConversationState;
  agentName?: string;
  /** The largest file (bytes) the server takes from the visitor, so a client can refuse a larger one before uploading it. */
  maxFileBytes?: number;
  /**
   * A conversation handed to people, closed within the day and not rated: the visitor was away when it closed (or
   * reloaded the page), so the client asks for the rating now, as on `csat:request`.
   */
  ratingOwed?: string;
}

export interface HandoffStatus {
  state: ConversationState;
  /** 1-based place in the queue while queued. */
  position?: number;
  etaSeconds?: number;
  agentName?: string;
  /** True when no agent works now: the visitor may leave a message. */
  offHours?: boolean;
}

export interface VisitorClientToServer {
  'message:send': (input: { clientId: string; text: string }, ack: AckCallback<{ message: ChatMessage }>) => void;
  /** `question`: the chip's text, one of the entry's questions; it is posted as the visitor's message and picks the answer's language. */
  'suggestion:pick': (input: { clientId: string; entryId: string; question?: string }, ack: AckCallback<{ message: ChatMessage }>) => void;
  feedback: (input: { messageId: string; helpful: boolean }, ack: AckCallback) => void;
  'handoff:request': (input: { reason?: string }, ack: AckCallback<{ status: HandoffStatus }>) => void;
  /**
   * What was written to the visitor after `afterSeq` of `conversationId` (default: their current conversation):
   * the rest of that conversation, then their later ones, oldest first, at most `limit` (and MAX_HISTORY_PAGE)
   * messages; with `hasMore`, ask again after the last one. CONVERSATION_NOT_FOUND when it is not theirs.
   */
  history: (input: { afterSeq?: number; conversationId?: string; limit?: number }, ack: AckCallback<{ messages: VisitorVisibleMessage[]; hasMore: boolean }>) => void;
  typing: (input: { typing: boolean }) => void;
  read: (input: { upToSeq: number }) => void;
  csat: (input: { score: 1 | 2 | 3 | 4 | 5; comment?: string }, ack: AckCallback) => void;
  'leave-message': (input: { name?: string; contact: string; text: string }, ack: AckCallback) => void;
}

export interface VisitorServerToClient {
  session: (session: VisitorSession) => void;
  message: (message: VisitorVisibleMessage) => void;
  typing: (input: { from: 'agent' | 'bot'; typing: boolean; name?: string }) => void;
  read: (input: { upToSeq: number }) => void;
  handoff: (status: HandoffStatus) => void;
  'csat:request': (input: { conversationId: string }) => void;
}
