/** One small-talk intent: short phrases and an answer per language. */
export interface SmallTalkIntent {
  intent: string;
  phrases: string[];
  answers: { zh: string; en: string };
  /** Match when any phrase occurs anywhere in the message (abuse), not only as the whole message. */
  contains?: boolean;
}
