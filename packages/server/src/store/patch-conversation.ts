import type { ConversationPatch, ConversationRecord } from './records.ts';
import { conversationFrom, type Row } from './rows.ts';
import type { SqlClient } from './sql-client.ts';

/** What must still hold for a patch to apply: the state, the assigned agent, nothing new since `quietSince`. */
export interface PatchGuard {
  state?: string;
  agentId?: string | null;
  quietSince?: Date;
  /**
   * For an assignment: the new agent must have room under their max_conversations, counted while their
   * agents row is locked, so two nodes assigning two visitors to one agent at once cannot both pass the cap.
   * Needs a transaction; throws AgentAtCapacity when there is no room.
   */
  withinCapacity?: boolean;
}

export class AgentAtCapacity extends Error {
  constructor(readonly active: number, readonly max: number) {
    super(`the agent already has ${active} conversations (limit ${max})`);
  }
}

/**
 * Applies a patch only while the guard holds (in `state`, and for assignment still unassigned when `agentId`
 * is null): two racing nodes cannot both win. Undefined when it did not apply. A first-response time is set
 * only once (racing replies keep the first); `firstResponseAt: null` (a new hand-off) clears it.
 */
export async function patchConversationIn(db: SqlClient, id: string, patch: ConversationPatch, guard: PatchGuard): Promise<ConversationRecord | undefined> {
  if (guard.withinCapacity && patch.assignedAgentId) await mustHaveRoom(db, patch.assignedAgentId, id);
  const [row] = await db.query<Row>(
    `update conversations set
       state = coalesce($2, state), assigned_agent_id = case when $3::boolean then $4 else assigned_agent_id end,
       handoff_reason = coalesce($5, handoff_reason), no_answer_streak = coalesce($6, no_answer_streak),
       queued_at = case when $7::boolean then $8::timestamptz else queued_at end,
       assigned_at = case when $9::boolean then $10::timestamptz else assigned_at end,
       first_response_at = case when $22::boolean then null else coalesce(first_response_at, $11) end, closed_at = case when $12::boolean then $13::timestamptz else closed_at end,
       csat = coalesce($14, csat), csat_comment = coalesce($15, csat_comment), skill_group = case when $20::boolean then $21 else skill_group end, updated_at = now()
     where id = $1 and ($16::text is null or state = $16) and (not $17::boolean or assigned_agent_id is not distinct from $18)
       and ($19::timestamptz is null or updated_at <= $19)
     returning *`,
    [
      id, patch.state ?? null, 'assignedAgentId' in patch, patch.assignedAgentId ?? null, patch.handoffReason ?? null, patch.noAnswerStreak ?? null,
      'queuedAt' in patch, patch.queuedAt ?? null, 'assignedAt' in patch, patch.assignedAt ?? null, patch.firstResponseAt ?? null,
      'closedAt' in patch, patch.closedAt ?? null, patch.csat ?? null, patch.csatComment ?? null,
      guard.state ?? null, 'agentId' in guard, guard.agentId ?? null, guard.quietSince ?? null, 'group' in patch, patch.group ?? null, patch.firstResponseAt === null,
    ],
  );
  return row && conversationFrom(row);
}

async function mustHaveRoom(tx: SqlClient, agentId: string, conversationId: string): Promise<void> {
  const [agent] = await tx.query<{ max_conversations: number }>('select max_conversations from agents where id = $1 for update', [agentId]);
  if (!agent) return; // an unknown agent: the assignment itself will say so
  const [count] = await tx.query<{ n: string }>("select count(*) as n from conversations where state = 'agent' and assigned_agent_id = $1 and id <> $2", [agentId, conversationId]);
  const active = Number(count!.n);
  if (active >= Number(agent.max_conversations)) throw new AgentAtCapacity(active, Number(agent.max_conversations));
}
