import type { FlowState } from '@chatbot/core';
import type { AgentStatus, ChannelName, ChatMessage, ConversationState, HandoffReason } from '@chatbot/protocol';

export interface VisitorRecord {
  id: string;
  channel: ChannelName;
  externalId: string | null;
  page: string | null;
  language: string | null;
  name: string | null;
  tags: string[];
  blocked: boolean;
  /** Sent an opt-out word: receives no proactive message. */
  optedOut: boolean;
  /** Never receives proactive messages (e.g. complained), but may chat as usual. */
  graylisted: boolean;
  /** The agents' group their page asked for (the widget's `group`), or null. */
  group: string | null;
}

export interface ConversationRecord {
  id: string;
  visitorId: string;
  state: ConversationState;
  assignedAgentId: string | null;
  handoffReason: HandoffReason | null;
  noAnswerStreak: number;
  /** The running task flow's state (core's FlowState), or null. */
  flowState: FlowState | null;
  queuedAt: Date | null;
  assignedAt: Date | null;
  firstResponseAt: Date | null;
  closedAt: Date | null;
  csat: number | null;
  csatComment: string | null;
  lastMessage: string | null;
  /** The agents' group it was handed to (the visitor's at hand-off), or null: anyone's. */
  group: string | null;
  createdAt: Date;
}

export interface AgentRecord {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'admin';
  passwordHash: string;
  maxConversations: number;
  /** A deactivated agent cannot log in; their name stays on what they wrote. */
  active: boolean;
  /** Groups (技能组) whose conversations they are given; empty: any conversation. */
  groups: string[];
  /** The status they last chose (online, away, offline): they have it again when they reconnect, on any node. */
  chosenStatus: AgentStatus;
}

/** A message before the store gives it an id, a sequence number and a timestamp. */
export type MessageDraft = ChatMessage extends infer M ? (M extends ChatMessage ? Omit<M, 'id' | 'seq' | 'createdAt' | 'conversationId'> : never) : never;

export type ConversationPatch = Partial<Pick<ConversationRecord, 'state' | 'assignedAgentId' | 'handoffReason' | 'noAnswerStreak' | 'queuedAt' | 'assignedAt' | 'firstResponseAt' | 'closedAt' | 'csat' | 'group'>> & { csatComment?: string };
