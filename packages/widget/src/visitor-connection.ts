import { MAX_MESSAGE_CHARS, type ChatMessage, type HandoffStatus, type ProtocolError, type VisitorClientToServer, type VisitorServerToClient, type VisitorVisibleMessage } from '@chatbot/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { io, type Socket } from 'socket.io-client';
import { retryDelay } from './retry-delay.ts';
import { IDENTITY_KEY, storedIdentity, storeIdentity, type VisitorIdentity } from './visitor-identity.ts';

export interface OutboxItem {
  clientId: string;
  text: string;
  /** failed: not delivered (offline, rate limited), a retry may work; refused: the server will never take it, so it is not kept. */
  state: 'sending' | 'failed' | 'refused';
  /** Why it failed or was refused (the server's code and reason). */
  error?: ProtocolError;
}

export const TOKEN_KEY = 'chatbot.visitorToken';
const OUTBOX_KEY = 'chatbot.outbox';
/** The conversation and seq of the last message the widget had, so a reload fetches what came after it. */
const LAST_KEY = 'chatbot.lastMessage';

/** Where the widget's log ends, kept across reloads. */
interface LastMessage {
  conversationId: string;
  seq: number;
}

function storedLast(): LastMessage | undefined {
  try {
    const last = JSON.parse(localStorage.getItem(LAST_KEY) ?? 'null') as LastMessage | null;
    return last && typeof last.conversationId === 'string' && Number.isInteger(last.seq) ? last : undefined;
  } catch {
    return undefined; // a damaged mark: the current conversation is loaded from its start, as on a first visit
  }
}

/** Why an acknowledged action did not happen, or undefined when it did. */
const refusalOf = (ack: { ok: true } | { ok: false; error: ProtocolError } | undefined): string | undefined => (ack ? (ack.ok ? undefined : ack.error.code) : 'OFFLINE');

function withIdentity(): { identity?: VisitorIdentity } {
  const identity = storedIdentity();
  return identity ? { identity } : {};
}

/**
 * The widget's link to the server: the visitor token in localStorage (a reload resumes the same
 * conversation), an outbox of unsent messages resent with their original clientId after reconnecting
 * (the server stores each clientId once), and history fetched on (re)connect.
 */
export class VisitorConnection implements ReactiveController {
  messages: VisitorVisibleMessage[] = [];
  outbox: OutboxItem[] = [];
  handoff: HandoffStatus = { state: 'bot' };
  connected = false;
  agentTyping = false;
  /** The rating of the conversation an agent closed: asked for, not saved (may be given again), or given. */
  rating?: 'asked' | 'failed' | 'rated';
  private socket?: Socket<VisitorServerToClient, VisitorClientToServer>;
  /** Conversations in the order the visitor had them: a new one (numbered from 1 again) goes below the closed ones. */
  private readonly conversationOrder: string[] = [];
  /** The server's current conversation for this visitor, from the last `session`. */
  conversationId?: string;
  /** The largest file the server takes, from its session (older servers do not say). */
  maxFileBytes?: number;
  private refusals = 0;
  /** True once history was loaded on this page: what a later sync fetches arrived while the widget was offline. */
  private synced = false;
  private readonly waitingForSession: (() => void)[] = [];
  private retryTimer?: ReturnType<typeof setTimeout>;

  /** `received`: a message that arrived live (not history loaded on connecting, not the visitor's own acknowledged). */
  constructor(private readonly host: ReactiveControllerHost & { server: string; lang: string; group: string; dispatchEvent(e: Event): boolean; received(message: VisitorVisibleMessage): void }) {
    host.addController(this);
    try {
      this.outbox = (JSON.parse(localStorage.getItem(OUTBOX_KEY) ?? '[]') as OutboxItem[]).map((m) => ({ ...m, state: 'sending' as const }));
    } catch {
      this.outbox = []; // a damaged outbox is dropped rather than breaking the widget
    }
  }

  /** The chat server's origin, without a trailing slash. */
  get base(): string {
    return (this.host.server || location.origin).replace(/\/$/, '');
  }

  hostConnected(): void {
    const socket: Socket<VisitorServerToClient, VisitorClientToServer> = io(`${this.base}/visitor`, {
      auth: (cb) => cb({ visitorToken: localStorage.getItem(TOKEN_KEY) ?? undefined, channel: 'web', page: location.pathname, language: this.host.lang, ...(this.host.group ? { group: this.host.group } : {}), ...withIdentity() }),
      transports: ['websocket', 'polling'],
    });
    this.socket = socket;
    // socket.io retries a lost transport, but a connection the server refused (too many from this address, the
    // database down) is final to it: try again later, with backoff, until it connects.
    socket.on('connect_error', (error) => {
      // An identity the server cannot verify (a wrong hmac, a rotated secret) would be refused on every try: the
      // visitor goes on anonymously and the page hears why.
      if (error.message.startsWith('IDENTITY_INVALID') && localStorage.getItem(IDENTITY_KEY)) {
        // Not as whoever used this browser before either (a shared computer): a new anonymous visitor.
        this.forgetVisitor();
        console.warn(`chat-widget: ${error.message}; continuing without the identity`);
        this.host.dispatchEvent(new CustomEvent('identity-error', { detail: { message: error.message }, bubbles: true, composed: true }));
        socket.connect();
        return;
      }
      if (socket.active) return;
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => socket.connect(), retryDelay(this.refusals++));
    });
    socket.on('connect', () => {
      this.refusals = 0;
    });
    socket.on('session', (session) => {
      localStorage.setItem(TOKEN_KEY, session.visitorToken);
      this.follow(session.conversationId, session.state);
      this.connected = true;
      if (session.maxFileBytes) this.maxFileBytes = session.maxFileBytes;
      // A rating owed is asked for (again); one no longer owed (given in another tab) is no longer asked.
      if (session.ratingOwed && this.rating === undefined) this.rating = 'asked';
      else if (!session.ratingOwed && this.rating === 'asked') this.rating = undefined;
      for (const resume of this.waitingForSession.splice(0)) resume();
      void this.sync();
    });
    socket.on('disconnect', () => {
      this.connected = false;
      this.host.requestUpdate();
    });
    socket.on('message', (message) => {
      if (this.add([message]).length > 0) this.host.received(message);
    });
    socket.on('handoff', (status) => {
      this.handoff = status;
      this.host.dispatchEvent(new CustomEvent('handoff', { detail: status, bubbles: true, composed: true }));
      this.host.requestUpdate();
    });
    socket.on('typing', ({ typing }) => {
      this.agentTyping = typing;
      this.host.requestUpdate();
    });
    socket.on('csat:request', () => {
      this.rating = 'asked'; // each closed conversation is rated afresh
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    clearTimeout(this.retryTimer);
    this.socket?.close();
  }

  /** Takes stored messages (pushed, fetched or acknowledged) into the log, each once; returns those it had not. */
  add(incoming: VisitorVisibleMessage[]): VisitorVisibleMessage[] {
    // A stored message can arrive (broadcast or history) before its acknowledgement: it is no longer pending.
    const stored = new Set(incoming.map((m) => m.clientId).filter(Boolean));
    if (this.outbox.some((m) => stored.has(m.clientId))) {
      this.outbox = this.outbox.filter((m) => !stored.has(m.clientId));
      this.saveOutbox();
    }
    const known = new Set(this.messages.map((m) => m.id));
    const fresh = incoming.filter((m) => !known.has(m.id));
    if (fresh.length === 0) return fresh;
    for (const m of fresh) this.follow(m.conversationId);
    this.messages = [...this.messages, ...fresh].sort((a, b) => this.place(a.conversationId) - this.place(b.conversationId) || a.seq - b.seq);
    const last = this.messages.at(-1)!;
    localStorage.setItem(LAST_KEY, JSON.stringify({ conversationId: last.conversationId, seq: last.seq } satisfies LastMessage));
    for (const m of fresh) this.host.dispatchEvent(new CustomEvent('message', { detail: m, bubbles: true, composed: true }));
    this.host.requestUpdate();
    return fresh;
  }

  /**
   * A newer conversation than the current one (the visitor wrote after a close, or came back) starts with the
   * bot: the hand-off state of the closed one and its rating's thanks go.
   */
  private follow(conversationId: string, state: HandoffStatus['state'] = 'bot'): void {
    if (conversationId === this.conversationId) return;
    if (this.conversationId !== undefined && this.place(conversationId) < this.place(this.conversationId)) return;
    this.place(conversationId);
    this.conversationId = conversationId;
    this.handoff = { state };
    if (this.rating === 'rated') this.rating = undefined;
  }

  /** Resolves once connected with a session (at once when connected). */
  ready(): Promise<void> {
    return this.connected ? Promise.resolve() : new Promise((resolve) => this.waitingForSession.push(resolve));
  }

  /** The conversation's place in the log (new ones last). */
  private place(conversationId: string): number {
    if (!this.conversationOrder.includes(conversationId)) this.conversationOrder.push(conversationId);
    return this.conversationOrder.indexOf(conversationId);
  }

  /**
   * Fetches what was written to the visitor since the last message the widget had (on this page, or before a
   * reload), in the conversation it was in and the later ones: an agent's answer and the close of a conversation
   * that ended while the widget was away are shown. Page after page until none is full. Fetched after a reload
   * it is history (not unread); fetched on reconnecting it arrived while offline and is received as live.
   */
  private async sync(): Promise<void> {
    const reconnecting = this.synced;
    let from: { conversationId?: string; afterSeq: number } = this.syncFrom();
    for (;;) {
      const history = await this.socket?.timeout(10_000).emitWithAck('history', from).catch(() => undefined);
      if (!history) break; // offline again: the next session syncs
      if (!history.ok) {
        if (history.error.code !== 'CONVERSATION_NOT_FOUND' || from.conversationId === undefined) break;
        from = { afterSeq: 0 }; // a mark another visitor left in this browser: the current conversation from its start
        continue;
      }
      this.arrange(history.messages.map((m: VisitorVisibleMessage) => m.conversationId));
      const fresh = this.add(history.messages);
      if (reconnecting) for (const m of fresh) this.host.received(m);
      const end = history.messages.at(-1);
      if (!history.hasMore || !end) break;
      from = { conversationId: end.conversationId, afterSeq: end.seq };
    }
    this.synced = true;
    for (const item of this.outbox.filter((m) => m.state !== 'refused')) void this.deliver(item);
  }

  /**
   * After the last message shown; on a reload, the current conversation from its start as before, or, when the
   * last message the widget had is in another (since closed) conversation, what followed it there.
   */
  private syncFrom(): { conversationId?: string; afterSeq: number } {
    const last = this.messages.at(-1) ?? storedLast();
    if (!last || (this.messages.length === 0 && last.conversationId === this.conversationId)) return { afterSeq: 0 };
    return { conversationId: last.conversationId, afterSeq: last.seq };
  }

  /** History lists conversations oldest first: they go in that order, before the session's own when it is not among them (it has no message yet). */
  private arrange(listed: string[]): void {
    const named = [...new Set(listed)];
    const others = this.conversationOrder.filter((id) => !named.includes(id));
    const current = this.conversationId !== undefined && others.includes(this.conversationId) ? [this.conversationId] : [];
    this.conversationOrder.splice(0, this.conversationOrder.length, ...others.filter((id) => !current.includes(id)), ...named, ...current);
  }

  private saveOutbox(): void {
    const deliverable = this.outbox.filter((m) => m.state !== 'refused').map(({ clientId, text, state }) => ({ clientId, text, state }));
    localStorage.setItem(OUTBOX_KEY, JSON.stringify(deliverable));
    this.host.requestUpdate();
  }

  private async deliver(item: OutboxItem): Promise<void> {
    // Checked here too, for a message kept by an older widget: one over the socket's packet limit would drop the connection.
    if (item.text.length > MAX_MESSAGE_CHARS) return this.refuse(item, { code: 'BAD_REQUEST', message: `messages are limited to ${MAX_MESSAGE_CHARS} characters` });
    item.state = 'sending';
    delete item.error;
    this.saveOutbox();
    const ack = this.connected ? await this.socket?.timeout(10_000).emitWithAck('message:send', { clientId: item.clientId, text: item.text }).catch(() => undefined) : undefined;
    if (ack?.ok) {
      this.outbox = this.outbox.filter((m) => m.clientId !== item.clientId);
      this.add([ack.message as VisitorVisibleMessage]);
    } else if (ack?.error.code === 'BAD_REQUEST') {
      return this.refuse(item, ack.error);
    } else {
      item.state = 'failed';
      if (ack) item.error = ack.error;
    }
    this.saveOutbox();
  }

  private refuse(item: OutboxItem, error: ProtocolError): void {
    item.state = 'refused';
    item.error = error;
    this.saveOutbox();
  }

  send(text: string): void {
    const item: OutboxItem = { clientId: crypto.randomUUID(), text, state: 'sending' };
    this.outbox = [...this.outbox, item];
    void this.deliver(item);
  }

  retry(clientId: string): void {
    const item = this.outbox.find((m) => m.clientId === clientId);
    if (item) void this.deliver(item);
  }

  /** Takes a refused message off the screen. */
  dismiss(clientId: string): void {
    this.outbox = this.outbox.filter((m) => m.clientId !== clientId);
    this.saveOutbox();
  }

  async pick(entryId: string, question: string): Promise<void> {
    const ack = await this.socket?.timeout(10_000).emitWithAck('suggestion:pick', { clientId: crypto.randomUUID(), entryId, question }).catch(() => undefined);
    if (ack?.ok) this.add([ack.message as VisitorVisibleMessage]);
  }

  /** Undefined when stored; else why not (the server's code, or OFFLINE when it did not answer). */
  async feedback(message: ChatMessage, helpful: boolean): Promise<string | undefined> {
    return refusalOf(await this.socket?.timeout(10_000).emitWithAck('feedback', { messageId: message.id, helpful }).catch(() => undefined));
  }

  async requestHuman(): Promise<void> {
    const ack = await this.socket?.timeout(10_000).emitWithAck('handoff:request', {}).catch(() => undefined);
    if (ack?.ok) {
      this.handoff = ack.status;
      this.host.requestUpdate();
    }
  }

  /** Undefined when stored; else why not (the server's code, or OFFLINE when it did not answer). */
  async leaveMessage(input: { contact: string; text: string }): Promise<string | undefined> {
    return refusalOf(this.connected ? await this.socket?.timeout(10_000).emitWithAck('leave-message', input).catch(() => undefined) : undefined);
  }

  /** A rating not stored (offline, or the server refused it) is `failed`: the visitor may try again. */
  async rate(score: 1 | 2 | 3 | 4 | 5): Promise<void> {
    const ack = this.connected ? await this.socket?.timeout(10_000).emitWithAck('csat', { score }).catch(() => undefined) : undefined;
    this.rating = ack?.ok ? 'rated' : 'failed';
    this.host.requestUpdate();
  }

  /** Reconnects as `identity`; one other than the stored one first forgets the visitor shown (see forgetVisitor). */
  identify(identity: VisitorIdentity): void {
    const previous = storedIdentity();
    if (previous && previous.id !== identity.id) this.forgetVisitor();
    storeIdentity(identity);
    this.socket?.disconnect().connect();
  }

  /** Forgets the visitor shown (identity, token, conversation and unsent messages) and connects again as a new anonymous one. */
  logout(): void {
    this.forgetVisitor();
    this.socket?.disconnect().connect();
  }

  private forgetVisitor(): void {
    storeIdentity(undefined);
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(OUTBOX_KEY);
    localStorage.removeItem(LAST_KEY);
    this.messages = [];
    this.outbox = [];
    this.conversationOrder.length = 0;
    this.conversationId = undefined;
    this.handoff = { state: 'bot' };
    this.rating = undefined;
    this.agentTyping = false;
    this.host.requestUpdate();
  }

  /** Tells the agent the visitor has seen everything up to the newest message. */
  markRead(): void {
    const last = this.messages.at(-1);
    if (last && this.connected) this.socket?.emit('read', { upToSeq: last.seq });
  }

  typing(typing: boolean): void {
    this.socket?.emit('typing', { typing });
  }
}
