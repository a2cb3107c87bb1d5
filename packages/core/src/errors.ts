/** Stable error codes of @chatbot/core. Listed in docs/errors.md; never reused. */
export type CoreErrorCode =
  | 'CORE_KB_NOT_FOUND'
  | 'CORE_KB_UNSUPPORTED_FORMAT'
  | 'CORE_KB_INVALID'
  | 'CORE_ENTRY_INVALID'
  | 'CORE_MODEL_NOT_FOUND'
  | 'CORE_INDEX_INCOMPATIBLE'
  | 'CORE_BAD_ARGUMENT'
  | 'CORE_SMALL_TALK_INVALID'
  | 'CORE_FLOW_INVALID'
  | 'CORE_SYNONYMS_INVALID';

/** A problem in a knowledge-base file, located by line. */
export interface KnowledgeProblem {
  line: number;
  message: string;
}

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  readonly problems: KnowledgeProblem[];

  constructor(code: CoreErrorCode, message: string, options: { cause?: unknown; problems?: KnowledgeProblem[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CoreError';
    this.code = code;
    this.problems = options.problems ?? [];
  }
}
