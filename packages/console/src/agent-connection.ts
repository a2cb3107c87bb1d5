import type { AgentClientToServer, AgentPresence, AgentServerToClient, ChatMessage, ConversationDetail, ConversationSummary } from '@chatbot/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';

/** The console's live state from the `/agent` namespace: queue, own conversations, the open transcript, presence. */
export class AgentConnection implements ReactiveController {
  queue: ConversationSummary[] = [];
  conversations = new Map<string, ConversationSummary>();
  agents: AgentPresence[] = [];
  open?: ConversationDetail;
  unread = 0;
  /** Conversations whose visitor is typing right now. */
  visitorTyping = new Set<string>();
  private socket?: Socket<AgentServerToClient, AgentClientToServer>;

  constructor(private readonly host: ReactiveControllerHost, private readonly agentId: () => string | undefined) {
    host.addController(this);
  }

  hostConnected(): void {}
  hostDisconnected(): void {
    this.socket?.close();
  }

  connect(token: string, onAuthError: () => void): void {
    this.socket?.close();
    const socket: Socket<AgentServerToClient, AgentClientToServer> = io('/agent', { auth: { token }, transports: ['websocket', 'polling'] });
    this.socket = socket;
    socket.on('connect_error', (error) => {
      if (error.message.startsWith('AUTH') || error.message.startsWith('AGENT_DISABLED')) onAuthError();
    });
    // The server closes an agent's connection itself only when an admin deactivated them.
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect') onAuthError();
    });
    socket.on('queue', (queue) => {
      this.queue = queue;
      this.host.requestUpdate();
    });
    socket.on('conversations:mine', (mine) => {
      for (const c of mine) this.conversations.set(c.id, c);
      this.host.requestUpdate();
    });
    socket.on('conversation:updated', (c) => {
      this.queue = c.state === 'queued' ? [...this.queue.filter((q) => q.id !== c.id), c] : this.queue.filter((q) => q.id !== c.id);
      if (c.assignedAgentId === this.agentId() && c.state === 'agent') this.conversations.set(c.id, c);
      else this.conversations.delete(c.id);
      if (this.open?.conversation.id === c.id) this.open = { ...this.open, conversation: c };
      this.host.requestUpdate();
    });
    socket.on('message', (m) => this.onMessage(m));
    socket.on('typing', ({ conversationId, typing }) => {
      if (typing) this.visitorTyping.add(conversationId);
      else this.visitorTyping.delete(conversationId);
      this.host.requestUpdate();
    });
    socket.on('agents', (agents) => {
      this.agents = agents;
      this.host.requestUpdate();
    });
  }

  private onMessage(m: ChatMessage): void {
    if (this.open?.conversation.id === m.conversationId && !this.open.messages.some((x) => x.id === m.id)) {
      this.open = { ...this.open, messages: [...this.open.messages, m] };
      if (m.type === 'visitor-text' || m.type === 'visitor-file') {
        this.visitorTyping.delete(m.conversationId);
        if (!document.hidden) this.socket?.emit('read', { conversationId: m.conversationId, upToSeq: m.seq });
      }
    }
    if ((m.type === 'visitor-text' || m.type === 'visitor-file') && (document.hidden || this.open?.conversation.id !== m.conversationId)) {
      this.unread++;
      document.title = `(${this.unread}) 客服工作台 · Agent console`;
    }
    this.host.requestUpdate();
  }

  seen(): void {
    this.unread = 0;
    document.title = '客服工作台 · Agent console';
  }

  async call<E extends keyof AgentClientToServer>(event: E, input: Parameters<AgentClientToServer[E]>[0]): Promise<{ ok: boolean; error?: { message: string }; [key: string]: unknown }> {
    if (!this.socket) return { ok: false, error: { message: 'not connected' } };
    // socket.io's typed emitWithAck cannot follow a generic event name; the event map above is the contract.
    return (await (this.socket.timeout(10_000) as unknown as Socket).emitWithAck(event, input).catch((error: Error) => ({ ok: false, error: { message: error.message } }))) as { ok: boolean; error?: { message: string } };
  }

  async openConversation(conversationId: string): Promise<void> {
    const detail = await this.call('conversation:open', { conversationId });
    if (detail.ok) {
      this.open = detail as unknown as ConversationDetail;
      const last = this.open.messages.at(-1);
      if (last) this.socket?.emit('read', { conversationId, upToSeq: last.seq });
    }
    this.seen();
    this.host.requestUpdate();
  }

  typing(conversationId: string, typing: boolean): void {
    this.socket?.emit('typing', { conversationId, typing });
  }

  setPresence(status: AgentPresence['status']): void {
    void this.call('presence:set', { status });
  }
}
