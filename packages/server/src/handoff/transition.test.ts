import { describe, expect, it } from 'vitest';
import { transition } from './transition.ts';

const now = new Date('2026-01-01T00:00:00Z');
const at = (state: 'bot' | 'queued' | 'agent' | 'closed', assignedAgentId: string | null = null) => ({ state, assignedAgentId, firstResponseAt: null });

describe('hand-off state machine', () => {
  it('walks bot → queued → agent → closed with timestamps and transcript events', () => {
    const queued = transition(at('bot'), { type: 'request-human', reason: 'visitor-request' }, now);
    expect(queued).toMatchObject({ ok: true, patch: { state: 'queued', queuedAt: now, handoffReason: 'visitor-request' }, guard: { state: 'bot' }, system: 'queued' });
    expect(transition(at('queued'), { type: 'assign', agentId: 'a1' }, now)).toMatchObject({ ok: true, patch: { state: 'agent', assignedAgentId: 'a1', assignedAt: now }, system: 'assigned' });
    expect(transition(at('agent', 'a1'), { type: 'agent-replied' }, now)).toMatchObject({ ok: true, patch: { firstResponseAt: now } });
    expect(transition(at('agent', 'a1'), { type: 'close' }, now)).toMatchObject({ ok: true, patch: { state: 'closed', closedAt: now }, system: 'closed' });
  });

  it('hands back to the bot and transfers between agents', () => {
    expect(transition(at('agent', 'a1'), { type: 'return-to-bot' }, now)).toMatchObject({ ok: true, patch: { state: 'bot', assignedAgentId: null } });
    expect(transition(at('agent', 'a1'), { type: 'transfer', agentId: 'a2' }, now)).toMatchObject({ ok: true, patch: { assignedAgentId: 'a2' }, system: 'transferred' });
  });

  it('queues for a group at hand-off, and moves a conversation to another group\'s queue', () => {
    expect(transition(at('bot'), { type: 'request-human', reason: 'keyword', group: '售前' }, now)).toMatchObject({ ok: true, patch: { state: 'queued', group: '售前' } });
    expect(transition(at('bot'), { type: 'request-human', reason: 'keyword' }, now)).toMatchObject({ ok: true, patch: { group: null } });
    expect(transition(at('agent', 'a1'), { type: 'transfer-to-group', group: '售后' }, now)).toMatchObject({ ok: true, patch: { state: 'queued', group: '售后', assignedAgentId: null, queuedAt: now }, guard: { state: 'agent' }, system: 'transferred' });
    expect(transition(at('bot'), { type: 'transfer-to-group', group: '售后' }, now)).toMatchObject({ ok: false });
    expect(transition(at('closed'), { type: 'transfer-to-group', group: '售后' }, now)).toMatchObject({ ok: false });
  });

  it('refuses moves that make no sense', () => {
    expect(transition(at('agent', 'a1'), { type: 'request-human', reason: 'visitor-request' }, now).ok).toBe(false);
    expect(transition(at('closed'), { type: 'close' }, now).ok).toBe(false);
    expect(transition(at('bot'), { type: 'transfer', agentId: 'a2' }, now).ok).toBe(false);
    expect(transition(at('agent', 'a1'), { type: 'transfer', agentId: 'a1' }, now).ok).toBe(false);
  });
});
