import type { Server } from 'socket.io';

/**
 * Closes every client connection's transport, a few at a time over `spreadMs`. A closed transport (unlike a
 * server-side disconnect) makes socket.io clients reconnect on their own: through the proxy they land on
 * another node, and the shared store gives them everything. Spreading keeps the other nodes from taking
 * every reconnect in the same instant.
 */
export async function drainConnections(io: Server, namespaces: readonly string[], spreadMs: number): Promise<number> {
  const connections = [...new Set(namespaces.flatMap((name) => [...io.of(name).sockets.values()].map((socket) => socket.conn)))];
  if (connections.length === 0) {
    io.engine.close();
    return 0;
  }
  const steps = Math.max(1, Math.min(connections.length, Math.floor(spreadMs / 50)));
  const perStep = Math.ceil(connections.length / steps);
  for (let i = 0; i < connections.length; i += perStep) {
    for (const connection of connections.slice(i, i + perStep)) connection.close();
    if (i + perStep < connections.length) await new Promise((resolve) => setTimeout(resolve, spreadMs / steps));
  }
  io.engine.close(); // connections that never joined a namespace
  return connections.length;
}
