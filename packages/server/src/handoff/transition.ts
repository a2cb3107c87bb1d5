import type { ConversationState, HandoffReason, SystemEvent } from '@chatbot/protocol';
import type { ConversationPatch, ConversationRecord } from '../store/records.ts';

export type HandoffEvent =
  | { type: 'request-human'; reason: HandoffReason; group?: string | null }
  | { type: 'assign'; agentId: string }
  | { type: 'transfer'; agentId: string }
  /** Back to the queue, for the agents of another group. */
  | { type: 'transfer-to-group'; group: string }
  | { type: 'agent-replied' }
  | { type: 'return-to-bot' }
  | { type: 'close' };

export type Transition = { ok: true; patch: ConversationPatch; guard: { state: ConversationState }; system?: SystemEvent } | { ok: false; reason: string };

/**
 * The hand-off state machine as a pure function: bot → queued → agent → closed, and back to bot.
 * It returns the stored change (guarded by the state it was computed from, so racing nodes cannot both
 * apply it) and the system event to write into the transcript.
 */
export function transition(conversation: Pick<ConversationRecord, 'state' | 'assignedAgentId' | 'firstResponseAt'>, event: HandoffEvent, now: Date): Transition {
  const { state } = conversation;
  const to = (patch: ConversationPatch, system?: SystemEvent): Transition => ({ ok: true, patch, guard: { state }, ...(system ? { system } : {}) });
  switch (event.type) {
    case 'request-human':
      if (state !== 'bot') return { ok: false, reason: `a conversation in state "${state}" cannot be queued` };
      return to({ state: 'queued', handoffReason: event.reason, queuedAt: now, assignedAgentId: null, assignedAt: null, firstResponseAt: null, group: event.group ?? null }, 'queued');
    case 'assign':
      if (state !== 'queued' && state !== 'bot') return { ok: false, reason: `a conversation in state "${state}" cannot be assigned` };
      return to({ state: 'agent', assignedAgentId: event.agentId, assignedAt: now, ...(state === 'bot' ? { queuedAt: now, handoffReason: 'agent-pick' as const } : {}) }, 'assigned');
    case 'transfer':
      if (state !== 'agent') return { ok: false, reason: 'only a conversation an agent owns can be transferred' };
      if (conversation.assignedAgentId === event.agentId) return { ok: false, reason: 'the conversation already belongs to that agent' };
      return to({ assignedAgentId: event.agentId, assignedAt: now }, 'transferred');
    case 'transfer-to-group':
      if (state !== 'agent' && state !== 'queued') return { ok: false, reason: 'only a conversation with or waiting for an agent can be transferred' };
      return to({ state: 'queued', group: event.group, assignedAgentId: null, assignedAt: null, queuedAt: now, firstResponseAt: null }, 'transferred');
    case 'agent-replied':
      if (state !== 'agent') return { ok: false, reason: 'the conversation is not with an agent' };
      return to(conversation.firstResponseAt ? {} : { firstResponseAt: now });
    case 'return-to-bot':
      if (state !== 'agent' && state !== 'queued') return { ok: false, reason: `a conversation in state "${state}" is already with the bot or closed` };
      return to({ state: 'bot', assignedAgentId: null, noAnswerStreak: 0 }, 'returned-to-bot');
    case 'close':
      if (state === 'closed') return { ok: false, reason: 'the conversation is already closed' };
      return to({ state: 'closed', closedAt: now }, 'closed');
  }
}
