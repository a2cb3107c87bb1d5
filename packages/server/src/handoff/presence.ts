import type { AgentPresence, AgentStatus } from '@chatbot/protocol';

export interface AgentEntry {
  name: string;
  status: AgentStatus;
  sockets: number;
  maxConversations: number;
  /** Name, capacity and groups (技能组) as at connect; routing and the consoles' agent list read the store's. */
  groups?: string[];
}

/** One node's agents as it last announced them (see cluster/cluster-presence.ts). */
export interface PresenceSnapshot {
  nodeId: string;
  at: number;
  agents: [string, AgentEntry][];
}

/** A node that has not announced itself for this long is taken as gone. */
export const PRESENCE_STALE_MS = 15_000;

/**
 * Which agents are connected and what they set their status to: this node's own connections, merged
 * with the snapshots other nodes announce (in cluster mode). An agent counts once, whichever node or
 * nodes their sockets are on; their most recently changed status wins.
 */
export function createPresence(options: { onChange?: () => void } = {}) {
  const local = new Map<string, AgentEntry & { changedAt: number }>();
  const remote = new Map<string, { at: number; agents: Map<string, AgentEntry & { changedAt?: number }> }>();
  const changed = () => options.onChange?.();

  function merged(): Map<string, AgentEntry> {
    const all = new Map<string, AgentEntry & { changedAt: number }>();
    const now = Date.now();
    for (const [, node] of remote) {
      if (now - node.at > PRESENCE_STALE_MS) continue;
      for (const [id, a] of node.agents) {
        const seen = all.get(id);
        const changedAt = a.changedAt ?? node.at;
        if (!seen) all.set(id, { ...a, changedAt });
        else all.set(id, { ...(changedAt > seen.changedAt ? { ...a, changedAt } : seen), sockets: seen.sockets + a.sockets });
      }
    }
    for (const [id, a] of local) {
      const seen = all.get(id);
      all.set(id, seen ? { ...(a.changedAt >= seen.changedAt ? a : seen), sockets: seen.sockets + a.sockets } : a);
    }
    return all;
  }

  return {
    /** `chosenStatus`: what the agent last chose, for a first connection (their other open consoles' status wins). */
    connect(agent: { id: string; name: string; maxConversations: number; groups?: string[]; chosenStatus?: AgentStatus }): void {
      const current = local.get(agent.id);
      local.set(agent.id, { name: agent.name, maxConversations: agent.maxConversations, groups: agent.groups ?? [], status: current?.status ?? merged().get(agent.id)?.status ?? agent.chosenStatus ?? 'online', sockets: (current?.sockets ?? 0) + 1, changedAt: current?.changedAt ?? Date.now() });
      changed();
    },
    disconnect(agentId: string): void {
      const current = local.get(agentId);
      if (!current) return;
      if (current.sockets <= 1) local.delete(agentId);
      else current.sockets--;
      changed();
    },
    set(agentId: string, status: AgentStatus): void {
      const current = local.get(agentId);
      if (current) Object.assign(current, { status, changedAt: Date.now() });
      changed();
    },
    status: (agentId: string): AgentStatus => merged().get(agentId)?.status ?? 'offline',
    online: () => [...merged()].filter(([, a]) => a.status === 'online').map(([id, a]) => ({ id, ...a })),
    list(active: Map<string, number>): AgentPresence[] {
      return [...merged()].map(([agentId, a]) => ({ agentId, name: a.name, status: a.status, activeConversations: active.get(agentId) ?? 0, maxConversations: a.maxConversations, groups: a.groups ?? [] }));
    },
    /** What this node announces to the others. */
    snapshot(nodeId: string): PresenceSnapshot {
      return { nodeId, at: Date.now(), agents: [...local] };
    },
    /** Another node's announcement; an empty one (a node shutting down) removes it. */
    applyRemote(snapshot: PresenceSnapshot): void {
      if (snapshot.agents.length === 0) remote.delete(snapshot.nodeId);
      else remote.set(snapshot.nodeId, { at: snapshot.at, agents: new Map(snapshot.agents) });
    },
  };
}

export type Presence = ReturnType<typeof createPresence>;
