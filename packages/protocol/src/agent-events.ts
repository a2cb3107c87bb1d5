import type { ChatMessage, ChannelName, ConversationState, HandoffReason, Suggestion } from './messages.ts';
import type { AckCallback } from './results.ts';

/** socket.io namespace for agents; connect with `auth: { token }` (the JWT from POST /api/auth/login). */
export const AGENT_NAMESPACE = '/agent';

export type AgentStatus = 'online' | 'away' | 'offline';
export type AgentRole = 'agent' | 'admin';

export interface AgentPresence {
  agentId: string;
  name: string;
  status: AgentStatus;
  activeConversations: number;
  maxConversations: number;
  /** The groups (技能组) they serve (none: all). */
  groups?: string[];
}

/** What an agent sees of a visitor. */
export interface VisitorContext {
  visitorId: string;
  channel: ChannelName;
  page?: string;
  language?: string;
  name?: string;
  tags?: string[];
  /** Sent an opt-out word: receives no proactive messages. */
  optedOut?: boolean;
  /** Receives no proactive messages (set by an admin). */
  graylisted?: boolean;
}

export interface ConversationSummary {
  id: string;
  state: ConversationState;
  visitor: VisitorContext;
  assignedAgentId?: string;
  handoffReason?: HandoffReason;
  /** The agents' group (技能组) it is for; only their agents (and agents of no group) are given it. */
  group?: string;
  lastMessage?: string;
  queuedAt?: string;
  assignedAt?: string;
  firstResponseAt?: string;
  closedAt?: string;
  /** When the conversation began (ISO-8601). */
  createdAt: string;
  /** The visitor's rating (1–5) and comment, once they rated. */
  csat?: number;
  csatComment?: string;
  /** In `conversations:mine`: the visitor's messages this agent has not read (sent `read` up to). 0 in other lists. */
  unread: number;
}

/** A page of `GET /api/conversations/search`: newest first, `total` matching in all. */
export interface ConversationSearchResult {
  total: number;
  conversations: ConversationSummary[];
}

export interface ConversationDetail {
  conversation: ConversationSummary;
  /** The whole transcript, bot turns and notes included. */
  messages: ChatMessage[];
  /** The bot's best answers for the visitor's last message. */
  suggestedAnswers: (Suggestion & { answer: string; confidence: number })[];
  /** Whether the visitor has a live connection now (a widget open); channels such as WeChat have none. */
  visitorOnline: boolean;
}

export interface AgentClientToServer {
  'presence:set': (input: { status: AgentStatus }, ack: AckCallback) => void;
  'conversation:open': (input: { conversationId: string }, ack: AckCallback<ConversationDetail>) => void;
  'conversation:take': (input: { conversationId: string }, ack: AckCallback<{ conversation: ConversationSummary }>) => void;
  'conversation:reply': (input: { conversationId: string; clientId: string; text: string }, ack: AckCallback<{ message: ChatMessage }>) => void;
  'conversation:note': (input: { conversationId: string; clientId: string; text: string }, ack: AckCallback<{ message: ChatMessage }>) => void;
  /** To an agent, or back to the queue for a group's agents (转接到技能组): one of `toAgentId`, `toGroup`. */
  'conversation:transfer': (input: { conversationId: string; toAgentId?: string; toGroup?: string }, ack: AckCallback) => void;
  'conversation:close': (input: { conversationId: string }, ack: AckCallback) => void;
  'conversation:return-to-bot': (input: { conversationId: string }, ack: AckCallback) => void;
  typing: (input: { conversationId: string; typing: boolean }) => void;
  read: (input: { conversationId: string; upToSeq: number }) => void;
}

export interface AgentServerToClient {
  queue: (queue: ConversationSummary[]) => void;
  /** The conversations this agent owns, sent on connect. */
  'conversations:mine': (conversations: ConversationSummary[]) => void;
  'conversation:updated': (conversation: ConversationSummary) => void;
  message: (message: ChatMessage) => void;
  typing: (input: { conversationId: string; typing: boolean }) => void;
  /** The visitor has read the agent's messages up to this sequence number. */
  read: (input: { conversationId: string; upToSeq: number }) => void;
  agents: (agents: AgentPresence[]) => void;
  /** A visitor connected, or closed their last connection (every tab with the widget). */
  'visitor:presence': (input: { visitorId: string; online: boolean }) => void;
}
