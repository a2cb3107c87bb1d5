import type { ChannelName, ChatMessage } from './messages.ts';

/** A reply the server wants delivered to a visitor on a non-socket channel. */
export interface OutboundDelivery {
  channel: ChannelName;
  /** The visitor's id on that channel (e.g. a WeChat OpenID). */
  externalUserId: string;
  message: ChatMessage;
}

/** The outcome of delivering an outbound message; failures are shown to the agent. */
export type DeliveryResult = { ok: true } | { ok: false; code: string; message: string };

/** A file a visitor sent on a channel (e.g. a WeChat picture), already downloaded by the channel. */
export interface InboundFile {
  name: string;
  bytes: Uint8Array;
}

/** An inbound message from a channel: text (what the visitor wrote or said), or a file they sent. */
export type InboundMessage = {
  channel: ChannelName;
  externalUserId: string;
  /** Used to deduplicate retries (e.g. WeChat MsgId). */
  clientId: string;
  language?: string;
} & ({ text: string } | { file: InboundFile });

/** What the server gives a channel when mounting it. The server never imports a channel by name. */
export interface ChannelHost {
  /** Register an HTTP route under the channel's prefix; body is the raw request body. */
  route(
    method: 'GET' | 'POST',
    path: string,
    handler: (request: { query: Record<string, string>; body: string; headers: Record<string, string | undefined> }) => Promise<{ status: number; body: string; contentType?: string }>,
  ): void;
  /**
   * Store the message and let the bot (or the assigned agent) handle it; resolves with the bot's visible
   * replies, if any. A file the server does not accept (not a picture or PDF, too large) rejects.
   */
  receive(message: InboundMessage): Promise<ChatMessage[]>;
  /** A reply the channel had to send on its own (a late bot answer) did not go out: the agents see a note. */
  undelivered(report: { externalUserId: string; text: string; result: Extract<DeliveryResult, { ok: false }> }): Promise<void>;
  /** The visitor left the channel (unfollowed): nothing can reach them now, so nobody should wait for them. */
  visitorLeft(externalUserId: string): Promise<void>;
  /** A file sent in a conversation (e.g. an agent's picture to deliver), or undefined when unknown. */
  readFile(id: string): Promise<{ name: string; mime: string; bytes: Uint8Array } | undefined>;
  /** A shared key-value store with compare-and-set, for state shared between nodes (e.g. access tokens). */
  kv: {
    get(key: string): Promise<string | undefined>;
    set(key: string, value: string, ttlSeconds?: number): Promise<void>;
    /** Sets only if absent; returns true when this caller won. */
    setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  };
}

/** A channel plugs into the server through this interface. */
export interface Channel {
  name: ChannelName;
  mount(host: ChannelHost): Promise<void> | void;
  /** Deliver a message the visitor did not get in the request (late bot answer, agent reply). */
  deliver(delivery: OutboundDelivery): Promise<DeliveryResult>;
}
