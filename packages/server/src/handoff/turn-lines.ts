import { AsyncLocalStorage } from 'node:async_hooks';
import type { ChatMessage } from '@chatbot/protocol';

const collecting = new AsyncLocalStorage<ChatMessage[]>();

/**
 * Runs work and returns the messages published while it ran, in this async context only: a channel's reply
 * to a message holds that turn's lines, not those of the visitor's other messages answered meanwhile.
 */
export async function withPublishedLines(work: () => Promise<void>): Promise<ChatMessage[]> {
  const lines: ChatMessage[] = [];
  await collecting.run(lines, work);
  return lines;
}

/** Called for each message published; kept by the work around it, if any collects. */
export function notePublished(message: ChatMessage): void {
  collecting.getStore()?.push(message);
}
