import type { ChatMessage, ConversationState, HandoffReason } from '@chatbot/protocol';
import type { AgentRecord, ConversationRecord, VisitorRecord } from './records.ts';

export type Row = Record<string, unknown>;

const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));

export function visitorFrom(row: Row): VisitorRecord {
  return {
    id: String(row['id']),
    channel: String(row['channel']),
    externalId: (row['external_id'] as string | null) ?? null,
    page: (row['page'] as string | null) ?? null,
    language: (row['language'] as string | null) ?? null,
    name: (row['name'] as string | null) ?? null,
    tags: (row['tags'] as string[] | null) ?? [],
    blocked: Boolean(row['blocked']),
    optedOut: row['opted_out_at'] !== null && row['opted_out_at'] !== undefined,
    graylisted: Boolean(row['graylisted']),
    group: (row['skill_group'] as string | null) ?? null,
  };
}

export function conversationFrom(row: Row): ConversationRecord {
  return {
    id: String(row['id']),
    visitorId: String(row['visitor_id']),
    state: row['state'] as ConversationState,
    assignedAgentId: (row['assigned_agent_id'] as string | null) ?? null,
    handoffReason: (row['handoff_reason'] as HandoffReason | null) ?? null,
    noAnswerStreak: Number(row['no_answer_streak'] ?? 0),
    flowState: (typeof row['flow_state'] === 'string' ? JSON.parse(row['flow_state']) : row['flow_state']) ?? null,
    queuedAt: date(row['queued_at']),
    assignedAt: date(row['assigned_at']),
    firstResponseAt: date(row['first_response_at']),
    closedAt: date(row['closed_at']),
    csat: row['csat'] === null || row['csat'] === undefined ? null : Number(row['csat']),
    csatComment: (row['csat_comment'] as string | null) ?? null,
    lastMessage: (row['last_message'] as string | null) ?? null,
    group: (row['skill_group'] as string | null) ?? null,
    createdAt: date(row['created_at'])!,
  };
}

export function messageFrom(row: Row): ChatMessage {
  const body = (typeof row['body'] === 'string' ? JSON.parse(row['body']) : row['body']) as Record<string, unknown>;
  return {
    ...body,
    type: row['type'],
    id: String(row['id']),
    conversationId: String(row['conversation_id']),
    seq: Number(row['seq']),
    ...(row['client_id'] ? { clientId: String(row['client_id']) } : {}),
    createdAt: new Date(row['created_at'] as string).toISOString(),
  } as ChatMessage;
}

export function agentFrom(row: Row): AgentRecord {
  return {
    id: String(row['id']),
    email: String(row['email']),
    name: String(row['name']),
    role: row['role'] === 'admin' ? 'admin' : 'agent',
    passwordHash: String(row['password_hash']),
    maxConversations: Number(row['max_conversations']),
    active: row['active'] !== false,
    groups: (row['groups'] as string[] | null) ?? [],
    chosenStatus: row['chosen_status'] === 'away' || row['chosen_status'] === 'offline' ? row['chosen_status'] : 'online',
  };
}
