import { repeatTask } from '../lifecycle/repeat-task.ts';
import type { ConversationService } from './conversation-service.ts';

export interface WaitingQuestionSettings {
  /** A question unanswered this long after it was stored is answered by the node its visitor is connected to. */
  afterMs: number;
  /** How often each node looks. */
  sweepMs: number;
  /** A turn that failed (the bot or the store) is tried again after this long, while the visitor stays. */
  retryMs: number;
}

export const DEFAULT_WAITING_QUESTIONS: WaitingQuestionSettings = { afterMs: 3_000, sweepMs: 1_000, retryMs: 30_000 };

/**
 * Every acknowledged question gets its answer while the visitor is connected: a node that dies between
 * acknowledging a question and answering it (SIGKILL, a crash) leaves it without one, and the visitor's widget
 * reconnects to another node within seconds, maybe before the question is even old. Each node looks, every
 * `sweepMs`, for unanswered questions of the visitors connected to it and has the bot answer them. The
 * conversation's cluster-wide lock and the check for the question's reply under it keep a question that its own
 * node is still answering (only slowly) from being answered twice.
 */
export function startWaitingQuestionsSweeper(deps: { conversations: ConversationService; connectedVisitors: () => string[]; settings: WaitingQuestionSettings; log: (error: unknown) => void; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const { afterMs, sweepMs, retryMs } = deps.settings;
  /** Questions whose turn this node started: running (no end yet) or ended at that time. */
  const started = new Map<string, number | undefined>();
  const take = (questionId: string) => {
    if (started.has(questionId)) return undefined;
    started.set(questionId, undefined);
    return { done: () => void started.set(questionId, now()) };
  };
  return repeatTask(async () => {
    for (const [id, endedAt] of started) if (endedAt !== undefined && now() - endedAt >= retryMs) started.delete(id);
    const visitors = deps.connectedVisitors();
    if (visitors.length === 0) return;
    const { turns } = await deps.conversations.answerWaitingQuestions(visitors, new Date(now() - afterMs), take);
    turns.catch(deps.log); // not awaited: a turn waiting for another node's lock does not hold up the next look
  }, { everyMs: sweepMs, log: deps.log });
}
