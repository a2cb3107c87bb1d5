import { AGENT_NAMESPACE, VISITOR_NAMESPACE } from '@chatbot/protocol';
import type { Server } from 'socket.io';

/** Whether the visitor has a live connection (a widget open in some tab) on any node. */
export async function isVisitorOnline(io: Server, visitorId: string): Promise<boolean> {
  return (await io.of(VISITOR_NAMESPACE).in(`v:${visitorId}`).fetchSockets()).length > 0;
}

/** Tells the agents that a visitor came (online) or that their last connection closed. */
export async function announceVisitorPresence(io: Server, visitorId: string): Promise<void> {
  io.of(AGENT_NAMESPACE).emit('visitor:presence', { visitorId, online: await isVisitorOnline(io, visitorId) });
}
