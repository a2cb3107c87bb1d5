const MARKS_KEY = 'chatbot.marks';
/** Marks of older conversations are dropped beyond this many. */
const KEPT_CONVERSATIONS = 20;

type Marks = Record<string, { voted?: string[]; leftMessage?: boolean }>;

/**
 * What the visitor did in each conversation that the server does not send back (the messages they voted on,
 * whether they left a message), kept in localStorage so a reload, or another tab, does not offer it again.
 */
export class ConversationMarks {
  private marks: Marks = {};

  /** `changed`: another tab of the site marked something (it voted, left a message); shown here too. */
  constructor(changed: () => void) {
    this.load();
    addEventListener('storage', (event) => {
      if (event.key !== MARKS_KEY) return;
      this.load();
      changed();
    });
  }

  private load(): void {
    try {
      this.marks = (JSON.parse(localStorage.getItem(MARKS_KEY) ?? '{}') as Marks | null) ?? {};
    } catch {
      this.marks = {}; // damaged marks are dropped: the buttons come back
    }
  }

  hasVoted(messageId: string): boolean {
    return Object.values(this.marks).some((m) => m.voted?.includes(messageId));
  }

  leftMessage(conversationId: string | undefined): boolean {
    return conversationId !== undefined && this.marks[conversationId]?.leftMessage === true;
  }

  markVoted(conversationId: string, messageId: string): void {
    const marks = this.take(conversationId);
    marks.voted = [...(marks.voted ?? []), messageId];
    this.save();
  }

  markLeftMessage(conversationId: string): void {
    this.take(conversationId).leftMessage = true;
    this.save();
  }

  /** The conversation's marks, moved to the end (the most recent are kept). */
  private take(conversationId: string): NonNullable<Marks[string]> {
    const marks = this.marks[conversationId] ?? {};
    delete this.marks[conversationId];
    this.marks[conversationId] = marks;
    return marks;
  }

  private save(): void {
    const kept = Object.entries(this.marks).slice(-KEPT_CONVERSATIONS);
    this.marks = Object.fromEntries(kept);
    localStorage.setItem(MARKS_KEY, JSON.stringify(this.marks));
  }
}
