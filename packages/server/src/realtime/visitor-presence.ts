import { AGENT_NAMESPACE, VISITOR_NAMESPACE } from '@chatbot/protocol';
import type { Server } from 'socket.io';

/** Whether the visitor has a live connection (a widget open in some tab) on any node. */
export async function isVisitorOnline(io: Server, visitorId: string): Promise<boolean> {
  return (await io.of(VISITOR_NAMESPACE).in(`v:${visitorId}`).fetchSockets()).length > 0;
}

/** Tells the agents that a visitor connected: online, with no need to ask the other nodes. */
export function announceVisitorArrived(io: Server, visitorId: string): void {
  io.of(AGENT_NAMESPACE).emit('visitor:presence', { visitorId, online: true });
}

/** Tells the agents whether a visitor who closed a connection is still online (another tab, another node). */
export async function announceVisitorLeft(io: Server, visitorId: string): Promise<void> {
  io.of(AGENT_NAMESPACE).emit('visitor:presence', { visitorId, online: await isVisitorOnline(io, visitorId) });
}
