import type { HandoffStatus } from '@chatbot/protocol';
import type { ConversationRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { Emitter } from './conversation-service.ts';

/**
 * Tells every visitor still waiting for a person where they stand after the queue or the agents changed (one
 * ahead was taken, an agent came online or left): their place, the wait, or that nobody is online (the widget
 * then offers the leave-a-message form). It goes out as the `handoff` event to the conversation's socket.io
 * room, so a visitor connected to any node hears it (Redis adapter), while channel visitors (WeChat) are not
 * sent a line for each change: they hear where they stand when they write (see channels/queue-status-line.ts).
 *
 * Changes that come in a burst are told once more after the telling under way, not once each.
 *
 * @example const news = createQueueNews({ store, status: conversations.status, emit, log, track: inFlight.track }); news.changed();
 */
export function createQueueNews(deps: { store: Pick<Store, 'listConversations'>; status: (conversation: ConversationRecord) => Promise<HandoffStatus>; emit: Pick<Emitter, 'toVisitor'>; log: (error: unknown) => void; track: <T>(work: Promise<T>) => Promise<T> }) {
  let telling: Promise<void> | undefined;
  let again = false;

  async function tellEveryone(): Promise<void> {
    for (const conversation of await deps.store.listConversations({ states: ['queued'] })) {
      const status = await deps.status(conversation);
      // No place: taken or closed since the queue was read (its own hand-off event says so).
      if (status.state === 'queued' && status.position) deps.emit.toVisitor(conversation.id, 'handoff', status);
    }
  }

  function run(): void {
    telling = deps
      .track(tellEveryone())
      .catch(deps.log)
      .finally(() => {
        telling = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  }

  return {
    /** The queue or the agents' availability changed. */
    changed(): void {
      if (telling) again = true;
      else run();
    },
  };
}

export type QueueNews = ReturnType<typeof createQueueNews>;
