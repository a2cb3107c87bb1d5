import { repeatTask } from '../lifecycle/repeat-task.ts';
import type { Store } from '../store/store.ts';
import type { ConversationService } from './conversation-service.ts';

export interface IdleSettings {
  /** A conversation with the bot closes after this long without a message (0: never). */
  botMs: number;
  /** A conversation with an agent closes after this long without a message from either side (0: never). Queued ones wait. */
  agentMs: number;
  /** How often each node looks. */
  sweepMs: number;
}

export const DEFAULT_IDLE: IdleSettings = { botMs: 30 * 60_000, agentMs: 60 * 60_000, sweepMs: 60_000 };

/**
 * Closes conversations that went quiet, so a visitor who comes back starts a new one (and the figures count
 * visits, not visitors), and an agent's forgotten chats stop taking their capacity. The timer is the
 * conversation's last change in the store, so it survives restarts; every node sweeps, and a close applies
 * only if nothing happened since, so two nodes (or a message arriving meanwhile) cannot race it.
 */
export function startIdleSweeper(deps: { store: Store; conversations: ConversationService; settings: IdleSettings; log: (error: unknown) => void; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const { botMs, agentMs, sweepMs } = deps.settings;

  async function closeQuiet(state: 'bot' | 'agent', afterMs: number): Promise<void> {
    if (afterMs <= 0) return;
    const quietSince = new Date(now().getTime() - afterMs);
    for (const conversation of await deps.store.quietConversations(state, quietSince)) await deps.conversations.closeQuiet(conversation, quietSince);
  }

  if (botMs <= 0 && agentMs <= 0) return { stop: async () => undefined };
  return repeatTask(async () => {
    await closeQuiet('bot', botMs);
    await closeQuiet('agent', agentMs);
  }, { everyMs: sweepMs, log: deps.log });
}
