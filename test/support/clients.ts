import type { Ack, AgentClientToServer, ConversationDetail, AgentServerToClient, ChatMessage, VisitorClientToServer, VisitorServerToClient, VisitorSession } from '../../packages/protocol/src/index.ts';
import { io, type Socket } from 'socket.io-client';

export type VisitorClient = Socket<VisitorServerToClient, VisitorClientToServer>;
export type AgentClient = Socket<AgentServerToClient, AgentClientToServer>;

/** Connects a real socket.io visitor client and waits for its session. */
export async function connectVisitor(url: string, auth: Record<string, unknown> = {}): Promise<{ socket: VisitorClient; session: VisitorSession; messages: ChatMessage[] }> {
  const socket: VisitorClient = io(`${url}/visitor`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  const messages: ChatMessage[] = [];
  socket.on('message', (m) => messages.push(m));
  const session = await new Promise<VisitorSession>((resolve, reject) => {
    socket.once('session', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, session, messages };
}

export async function loginAgent(url: string, email = 'demo@example.com', password = 'demo1234'): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

export async function connectAgent(url: string, token: string): Promise<AgentClient> {
  const socket: AgentClient = io(`${url}/agent`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Emits an event and resolves with its acknowledgement. */
export function call<T>(socket: Socket, event: string, payload: unknown): Promise<Ack<T>> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

/** Resolves when `probe` returns a value, polling every `intervalMs`; fails with `what` after `timeoutMs` (10 s). */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, intervalMs = 25, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves once the conversation is served by an agent, as `agent` sees it when opening it; fails with `what` after 10 s. */
export async function untilAssigned(agent: AgentClient, conversationId: string, what = 'assigned'): Promise<void> {
  await until(what, async () => {
    const opened = await call<ConversationDetail>(agent, 'conversation:open', { conversationId });
    return opened.ok && opened.conversation.state === 'agent';
  });
}
