import type { AgentPresence, AgentStatus } from '@chatbot/protocol';

/** Which agents are connected to this node and what they set their status to. */
export function createPresence() {
  const agents = new Map<string, { name: string; status: AgentStatus; sockets: number; maxConversations: number }>();
  return {
    connect(agent: { id: string; name: string; maxConversations: number }): void {
      const current = agents.get(agent.id);
      agents.set(agent.id, { name: agent.name, maxConversations: agent.maxConversations, status: current?.status ?? 'online', sockets: (current?.sockets ?? 0) + 1 });
    },
    disconnect(agentId: string): void {
      const current = agents.get(agentId);
      if (!current) return;
      if (current.sockets <= 1) agents.delete(agentId);
      else current.sockets--;
    },
    set(agentId: string, status: AgentStatus): void {
      const current = agents.get(agentId);
      if (current) current.status = status;
    },
    status: (agentId: string): AgentStatus => agents.get(agentId)?.status ?? 'offline',
    online: () => [...agents].filter(([, a]) => a.status === 'online').map(([id, a]) => ({ id, ...a })),
    list(active: Map<string, number>): AgentPresence[] {
      return [...agents].map(([agentId, a]) => ({ agentId, name: a.name, status: a.status, activeConversations: active.get(agentId) ?? 0, maxConversations: a.maxConversations }));
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
