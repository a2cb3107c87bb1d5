/** Stable error codes of @chatbot/server. Listed in docs/errors.md; never reused. */
export const SERVER_ERRORS = {
  BAD_REQUEST: 400,
  FEEDBACK_NOT_ALLOWED: 400,
  AUTH_REQUIRED: 401,
  AUTH_BAD_CREDENTIALS: 401,
  AUTH_BAD_TOKEN: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONVERSATION_NOT_FOUND: 404,
  ENTRY_NOT_FOUND: 404,
  KB_ENTRY_GONE: 404,
  WEBHOOK_NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  CONVERSATION_CLOSED: 409,
  AGENT_AT_CAPACITY: 409,
  AGENT_INACTIVE: 409,
  ALREADY_ASSIGNED: 409,
  LAST_ADMIN: 409,
  AGENT_BUSY: 409,
  VISITOR_IN_SERVICE: 409,
  CLIENT_ID_TAKEN: 409,
  KB_ENTRY_EXISTS: 409,
  KB_ENTRY_CHANGED: 412,
  PAYLOAD_TOO_LARGE: 413,
  FILE_TYPE_NOT_ALLOWED: 415,
  UNSUPPORTED_MEDIA_TYPE: 415,
  KB_INVALID: 422,
  RATE_LIMITED: 429,
  VISITOR_BLOCKED: 403,
  AGENT_DISABLED: 403,
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
const UNREACHABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|timeout exceeded when trying to connect|terminating connection|the database system is (starting up|shutting down)/i;

/** True when the database could not be reached (as opposed to a bad query): the caller may retry. */
export function isStoreUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return !!e && (UNREACHABLE.test(`${e.code ?? ''} ${e.message ?? ''}`) || e.code === '57P01' || e.code === '57P03');
}

export function errorBody(error: unknown): { code: string; message: string } {
  if (error instanceof ServerError) return { code: error.code, message: error.message };
  if (isStoreUnavailable(error)) return { code: 'STORE_UNAVAILABLE', message: 'the database is unreachable for the moment; nothing was stored, retry shortly' };
  return { code: 'INTERNAL', message: 'internal error' };
}
