/** Stable error codes of @chatbot/server. Listed in docs/errors.md; never reused. */
export const SERVER_ERRORS = {
  BAD_REQUEST: 400,
  AUTH_REQUIRED: 401,
  AUTH_BAD_CREDENTIALS: 401,
  AUTH_BAD_TOKEN: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  ENTRY_NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  AGENT_AT_CAPACITY: 409,
  ALREADY_ASSIGNED: 409,
  PAYLOAD_TOO_LARGE: 413,
  KB_INVALID: 422,
  RATE_LIMITED: 429,
  VISITOR_BLOCKED: 403,
  BUNDLE_UNAVAILABLE: 503,
  STORE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ServerErrorCode = keyof typeof SERVER_ERRORS;

export class ServerError extends Error {
  readonly code: ServerErrorCode;
  constructor(code: ServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ServerError';
    this.code = code;
  }
  get status(): number {
    return SERVER_ERRORS[this.code];
  }
}

/** The `{ code, message }` clients receive; internal details never leak. */
export function errorBody(error: unknown): { code: string; message: string } {
  if (error instanceof ServerError) return { code: error.code, message: error.message };
  return { code: 'INTERNAL', message: 'internal error' };
}
