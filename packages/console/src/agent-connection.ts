import type { AgentClientToServer, AgentPresence, AgentServerToClient, ChatMessage, ConversationDetail, ConversationSummary, ProtocolError } from '@chatbot/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import type { AgentAlertKind } from './agent-alerts.ts';
import type { ConsoleErrorCode } from './errors.ts';
import { messagePreview } from './message-preview.ts';

/** Why the server ended the agent's session. */
export type SignedOutReason = 'session-expired' | 'deactivated';

/** A server's acknowledgement, or the console's own failure to get one (errors.ts). */
export type CallResult = { ok: boolean; error?: ProtocolError; [key: string]: unknown };

/** What the console alerts its agent to: which conversation, and a line to show (the visitor's words when there are some). */
export type AlertSink = (kind: AgentAlertKind, conversationId: string, line: string) => void;

const fromVisitor = (m: ChatMessage) => m.type === 'visitor-text' || m.type === 'visitor-file';
/** A queued conversation alerts only if still waiting after this: most are assigned at once, and that alerts its agent alone. */
export const QUEUED_ALERT_DELAY_MS = 2000;
/** A visitor shown typing who sends nothing more for this long has stopped (a lost "stopped" event, a closed tab). */
export const VISITOR_TYPING_MS = 6000;

/** The console's live state from the `/agent` namespace: queue, own conversations, the open transcript, presence. */
export class AgentConnection implements ReactiveController {
  queue: ConversationSummary[] = [];
  conversations = new Map<string, ConversationSummary>();
  agents: AgentPresence[] = [];
  open?: ConversationDetail;
  /** The conversation the agent clicked last while the server has not yet sent it: until then nothing acts on the one still shown. */
  opening?: string;
  /** Visitors' messages the agent has not seen yet, by conversation (their own conversations only). */
  unreadBy = new Map<string, number>();
  /** Whether the live connection is up: 'reconnecting' after it dropped (the console says so; actions wait). */
  connection: 'connecting' | 'connected' | 'reconnecting' = 'connecting';
  /** Conversations whose visitor is typing right now. */
  visitorTyping = new Set<string>();
  /** Whether each visitor seen so far has the widget open (from the open conversation, then live). */
  visitorOnline = new Map<string, boolean>();
  private socket?: Socket<AgentServerToClient, AgentClientToServer>;
  /** The queue as last seen, to alert on arrivals only; undefined until the first snapshot, which alerts nobody. */
  private queueSeen?: Set<string>;
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly host: ReactiveControllerHost, private readonly agentId: () => string | undefined, private readonly alert: AlertSink = () => {}) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onReturn);
    window.addEventListener('focus', this.onReturn);
  }
  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onReturn);
    window.removeEventListener('focus', this.onReturn);
    this.socket?.close();
  }

  /** Back in the console's tab: what the open conversation received meanwhile is read now (title count, the visitor's receipt). */
  private readonly onReturn = (): void => {
    if (document.hidden || !this.open) return;
    const { id } = this.open.conversation;
    const last = this.open.messages.at(-1);
    if (last) this.markRead(id, last.seq);
    this.seen(id);
    this.host.requestUpdate();
  };

  /** Closes the connection and forgets the agent's queue, conversations and open transcript (logging out). */
  disconnect(): void {
    this.socket?.close();
    this.socket = undefined;
    this.reset();
  }

  private reset(): void {
    this.queue = [];
    this.conversations = new Map();
    this.agents = [];
    this.open = undefined;
    this.opening = undefined;
    for (const conversationId of this.visitorTyping) this.visitorTypes(conversationId, false);
    this.visitorOnline = new Map();
    this.queueSeen = undefined;
    this.connection = 'connecting';
    this.unreadBy = new Map();
    this.showUnread();
  }

  /** `onSignedOut`: the server refused the agent (their token expired or is bogus, or they were deactivated). */
  connect(token: string, onSignedOut: (why: SignedOutReason) => void): void {
    this.disconnect();
    const socket: Socket<AgentServerToClient, AgentClientToServer> = io('/agent', { auth: { token }, transports: ['websocket', 'polling'] });
    this.socket = socket;
    socket.on('connect', () => {
      this.connection = 'connected';
      // Not recovered (the first connection, or away longer than the server keeps a session): events were missed.
      if (!socket.recovered) void this.reloadOpen();
      this.host.requestUpdate();
    });
    socket.on('connect_error', (error) => {
      // The server's refusal reads "CODE: words".
      if (error.message.startsWith('AGENT_DISABLED')) onSignedOut('deactivated');
      else if (error.message.startsWith('AUTH')) onSignedOut('session-expired');
    });
    // The server closes an agent's connection itself only when an admin deactivated them.
    socket.on('disconnect', (reason) => {
      this.connection = 'reconnecting';
      this.host.requestUpdate();
      if (reason === 'io server disconnect') onSignedOut('deactivated');
    });
    socket.on('queue', (queue) => {
      if (this.queueSeen) queue.forEach((c) => this.noteQueued(c));
      this.queueSeen = new Set(queue.map((c) => c.id));
      this.queue = queue;
      this.host.requestUpdate();
    });
    // Sent on each connection, the whole list: one closed or transferred while the console was cut off drops out.
    socket.on('conversations:mine', (mine) => {
      this.conversations = new Map(mine.map((c) => [c.id, c]));
      // The server counts what this agent has not read, on any device and before a reload; the one on screen is read.
      const onScreen = document.hidden ? undefined : this.open?.conversation.id;
      this.unreadBy = new Map(mine.filter((c) => c.unread > 0 && c.id !== onScreen).map((c) => [c.id, c.unread]));
      const last = this.open?.messages.at(-1);
      if (onScreen && last && mine.some((c) => c.id === onScreen && c.unread > 0)) this.markRead(onScreen, last.seq);
      this.showUnread();
      this.host.requestUpdate();
    });
    socket.on('conversation:updated', (c) => {
      if (c.state === 'queued') this.noteQueued(c);
      else this.queueSeen?.delete(c.id);
      const assignedToMe = c.assignedAgentId === this.agentId() && c.state === 'agent';
      if (assignedToMe && !this.conversations.has(c.id) && this.open?.conversation.id !== c.id) this.alert('assigned', c.id, c.lastMessage ?? c.visitor.name ?? '');
      this.queue = c.state === 'queued' ? [...this.queue.filter((q) => q.id !== c.id), c] : this.queue.filter((q) => q.id !== c.id);
      if (assignedToMe) this.conversations.set(c.id, c);
      else {
        this.conversations.delete(c.id);
        this.unreadBy.delete(c.id);
        this.showUnread();
      }
      if (this.open?.conversation.id === c.id) this.open = { ...this.open, conversation: c };
      this.host.requestUpdate();
    });
    socket.on('message', (m) => this.onMessage(m));
    socket.on('typing', ({ conversationId, typing }) => this.visitorTypes(conversationId, typing));
    socket.on('visitor:presence', ({ visitorId, online }) => {
      this.visitorOnline.set(visitorId, online);
      if (!online) for (const conversationId of this.visitorTyping) if (this.visitorOf(conversationId) === visitorId) this.visitorTypes(conversationId, false);
      this.host.requestUpdate();
    });
    socket.on('agents', (agents) => {
      this.agents = agents;
      this.host.requestUpdate();
    });
  }

  private visitorTypes(conversationId: string, typing: boolean): void {
    clearTimeout(this.typingTimers.get(conversationId));
    this.typingTimers.delete(conversationId);
    if (typing) {
      this.visitorTyping.add(conversationId);
      this.typingTimers.set(conversationId, setTimeout(() => this.visitorTypes(conversationId, false), VISITOR_TYPING_MS));
    } else this.visitorTyping.delete(conversationId);
    this.host.requestUpdate();
  }

  private visitorOf(conversationId: string): string | undefined {
    const summary = this.open?.conversation.id === conversationId ? this.open.conversation : (this.conversations.get(conversationId) ?? this.queue.find((c) => c.id === conversationId));
    return summary?.visitor.visitorId;
  }

  private noteQueued(c: ConversationSummary): void {
    if (!this.queueSeen || this.queueSeen.has(c.id)) return;
    this.queueSeen.add(c.id);
    const socket = this.socket;
    setTimeout(() => {
      const waiting = this.socket === socket && socket?.connected ? this.queue.find((q) => q.id === c.id) : undefined;
      if (waiting) this.alert('queued', c.id, waiting.lastMessage ?? waiting.visitor.name ?? '');
    }, QUEUED_ALERT_DELAY_MS);
  }

  private onMessage(m: ChatMessage): void {
    // Every agent hears every message; only those of the agent's own conversations are theirs to answer.
    const forMe = fromVisitor(m) && this.conversations.has(m.conversationId);
    const unseen = forMe && (document.hidden || this.open?.conversation.id !== m.conversationId);
    // An unfocused window shows the message but the agent may not be looking: an alert, though it is not unread.
    if (forMe && (unseen || !document.hasFocus())) this.alert('message', m.conversationId, 'text' in m ? m.text : 'file' in m ? m.file.name : '');
    if (this.open?.conversation.id === m.conversationId && !this.open.messages.some((x) => x.id === m.id)) {
      this.open = { ...this.open, messages: [...this.open.messages, m] };
      if (fromVisitor(m)) {
        this.visitorTypes(m.conversationId, false);
        if (!document.hidden) this.markRead(m.conversationId, m.seq);
      }
    }
    if (unseen) {
      this.unreadBy.set(m.conversationId, (this.unreadBy.get(m.conversationId) ?? 0) + 1);
      this.showUnread();
    }
    this.showLatest(m);
    this.host.requestUpdate();
  }

  /** The lists show each conversation's latest message (the server's summaries say what it was when they were sent). */
  private showLatest(m: ChatMessage): void {
    const lastMessage = messagePreview(m);
    if (lastMessage === undefined) return;
    const mine = this.conversations.get(m.conversationId);
    if (mine) this.conversations.set(m.conversationId, { ...mine, lastMessage });
    if (this.queue.some((c) => c.id === m.conversationId)) this.queue = this.queue.map((c) => (c.id === m.conversationId ? { ...c, lastMessage } : c));
  }

  /** The agent has the conversation in front of them: its messages are no longer unread. */
  seen(conversationId: string): void {
    this.unreadBy.delete(conversationId);
    this.showUnread();
  }

  /** The tab's title counts the unread messages of all the agent's conversations. */
  private showUnread(): void {
    const unread = [...this.unreadBy.values()].reduce((sum, n) => sum + n, 0);
    document.title = unread ? `(${unread}) 客服工作台 · Agent console` : '客服工作台 · Agent console';
  }

  async call<E extends keyof AgentClientToServer>(event: E, input: Parameters<AgentClientToServer[E]>[0]): Promise<CallResult> {
    if (!this.socket) return { ok: false, error: { code: 'CONSOLE_OFFLINE' satisfies ConsoleErrorCode, message: 'not connected' } };
    // socket.io's typed emitWithAck cannot follow a generic event name; the event map above is the contract.
    const noAnswer = (error: Error) => ({ ok: false, error: { code: 'CONSOLE_NO_ANSWER' satisfies ConsoleErrorCode, message: error.message } });
    return (await (this.socket.timeout(10_000) as unknown as Socket).emitWithAck(event, input).catch(noAnswer)) as CallResult;
  }

  /** Opens a conversation; an answer overtaken by a later click is dropped, so the last click wins whatever order the answers come in. */
  async openConversation(conversationId: string): Promise<CallResult> {
    this.opening = conversationId;
    this.host.requestUpdate();
    const detail = await this.call('conversation:open', { conversationId });
    if (this.opening !== conversationId) return detail;
    this.opening = undefined;
    if (detail.ok) {
      this.open = detail as unknown as ConversationDetail;
      this.visitorOnline.set(this.open.conversation.visitor.visitorId, this.open.visitorOnline);
      const last = this.open.messages.at(-1);
      if (last) this.markRead(conversationId, last.seq);
    }
    this.seen(conversationId);
    this.host.requestUpdate();
    return detail;
  }

  /** The open conversation as the server has it now, with whatever newer came live meanwhile (each message once). */
  private async reloadOpen(): Promise<void> {
    const conversationId = this.open?.conversation.id;
    if (!conversationId) return;
    const detail = await this.call('conversation:open', { conversationId });
    if (!detail.ok || this.open?.conversation.id !== conversationId) return;
    const fresh = detail as unknown as ConversationDetail;
    const stored = new Set(fresh.messages.map((m) => m.id));
    const messages = [...fresh.messages, ...this.open.messages.filter((m) => !stored.has(m.id))].sort((a, b) => a.seq - b.seq);
    this.open = { ...fresh, messages };
    this.visitorOnline.set(fresh.conversation.visitor.visitorId, fresh.visitorOnline);
    const last = messages.at(-1);
    if (last && !document.hidden) this.markRead(conversationId, last.seq);
    this.host.requestUpdate();
  }

  /** Typing and read marks go to the visitor only from their own agent: looking into another agent's conversation tells them nothing. */
  typing(conversationId: string, typing: boolean): void {
    if (this.conversations.has(conversationId)) this.socket?.emit('typing', { conversationId, typing });
  }

  private markRead(conversationId: string, upToSeq: number): void {
    if (this.conversations.has(conversationId)) this.socket?.emit('read', { conversationId, upToSeq });
  }

  setPresence(status: AgentPresence['status']): void {
    void this.call('presence:set', { status });
  }
}
