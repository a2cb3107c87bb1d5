import type { ChatMessage } from '@chatbot/protocol';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Within this many pixels of its end, the transcript counts as scrolled to the newest message. */
const NEAR_END_PX = 40;
const nearEnd = (transcript: HTMLElement) => transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight <= NEAR_END_PX;

/** What the console shows of the open conversation, read at each render. */
export interface TranscriptView {
  transcript: HTMLElement | null;
  conversationId?: string;
  messages: readonly ChatMessage[];
  agentId?: string;
}

/**
 * Keeps the newest message in view: on opening a conversation, on new messages and after the agent's own. An
 * agent who scrolled up to read older messages keeps their place; new ones then wait below (`newBelow`, for a hint).
 */
export class TranscriptScroll implements ReactiveController {
  newBelow = false;
  private shown?: { conversationId: string; count: number };
  private wasAtEnd = true;

  constructor(private readonly host: ReactiveControllerHost, private readonly view: () => TranscriptView) {
    host.addController(this);
  }

  hostUpdate(): void {
    const { transcript } = this.view();
    this.wasAtEnd = !transcript || nearEnd(transcript);
  }

  hostUpdated(): void {
    const { transcript, conversationId, messages, agentId } = this.view();
    const before = this.shown;
    this.shown = transcript && conversationId ? { conversationId, count: messages.length } : undefined;
    if (!transcript || !conversationId) return;
    if (before?.conversationId !== conversationId) return this.toEnd();
    const added = messages.length > before.count;
    const last = messages.at(-1);
    // At the end, it stays there through any change: a new message, the typing line, the hint going away.
    if (this.wasAtEnd || (added && last && 'agentId' in last && last.agentId === agentId)) this.toEnd();
    else if (added && !this.newBelow) {
      this.newBelow = true;
      this.host.requestUpdate();
    }
  }

  /** Scrolls to the newest message (the hint's click). */
  toEnd(): void {
    const { transcript } = this.view();
    if (transcript) transcript.scrollTop = transcript.scrollHeight;
    this.seenEnd();
  }

  /** The agent scrolled: reaching the end, they have seen what waited below. */
  onScroll(): void {
    const { transcript } = this.view();
    if (transcript && nearEnd(transcript)) this.seenEnd();
  }

  private seenEnd(): void {
    if (!this.newBelow) return;
    this.newBelow = false;
    this.host.requestUpdate();
  }
}
