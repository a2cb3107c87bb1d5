import type { AgentRecord } from './records.ts';
import { agentFrom, type Row } from './rows.ts';
import type { SqlClient } from './sql-client.ts';

export type AgentPatch = Partial<Pick<AgentRecord, 'name' | 'role' | 'maxConversations' | 'passwordHash' | 'active' | 'groups' | 'chosenStatus'>>;

/** The team: changing agents and removing canned replies (creating them lives with the rest of the store). */
export function teamQueries(db: SqlClient) {
  return {
    async updateAgent(id: string, patch: AgentPatch): Promise<AgentRecord | undefined> {
      const row = (await db.query<Row>(
        `update agents set name = coalesce($2, name), role = coalesce($3, role), max_conversations = coalesce($4, max_conversations),
           password_hash = coalesce($5, password_hash), active = coalesce($6, active), groups = coalesce($7::jsonb, groups),
           chosen_status = coalesce($8, chosen_status) where id = $1 returning *`,
        [id, patch.name ?? null, patch.role ?? null, patch.maxConversations ?? null, patch.passwordHash ?? null, patch.active ?? null, patch.groups ? JSON.stringify(patch.groups) : null, patch.chosenStatus ?? null],
      ))[0];
      return row && agentFrom(row);
    },
    async deleteCannedReply(id: string): Promise<boolean> {
      return (await db.query('delete from canned_replies where id = $1 returning id', [id])).length > 0;
    },
  };
}
