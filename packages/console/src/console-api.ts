import { FILE_UPLOAD_HEADERS, type ChatMessage, type ConversationSearchResult, type ConversationSummary, type ProtocolError } from '@chatbot/protocol';
import { ConsoleError, type ConsoleErrorCode } from './errors.ts';

/** The console's REST calls: login, canned replies and sending files. Errors come back as `{ error: { code, message } }`. */
export async function login(email: string, password: string): Promise<{ token: string; agent: { id: string; name: string; role: string } }> {
  const response = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) }).catch((error: unknown) => {
    throw new ConsoleError('CONSOLE_NETWORK' satisfies ConsoleErrorCode, 'the server cannot be reached', { cause: error });
  });
  const body = (await response.json().catch(() => ({}))) as { token: string; agent: { id: string; name: string; role: string } } | { error?: ProtocolError };
  if (response.ok && 'token' in body) return body;
  const error = 'error' in body ? body.error : undefined;
  throw new ConsoleError(error?.code ?? `HTTP_${response.status}`, error?.message ?? `login failed (${response.status})`);
}

export async function cannedReplies(token: string): Promise<{ id: string; title: string; text: string }[]> {
  const response = await fetch('/api/canned-replies', { headers: { authorization: `Bearer ${token}` } });
  return response.ok ? ((await response.json()) as { id: string; title: string; text: string }[]) : [];
}

/** Sends a picture or PDF into a conversation the agent owns; the stored message, or the server's reason. */
export async function sendFile(token: string, conversationId: string, file: File): Promise<{ message: ChatMessage } | { error: ProtocolError }> {
  const response = await fetch(`/api/conversations/${encodeURIComponent(conversationId)}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': file.type || 'application/octet-stream', [FILE_UPLOAD_HEADERS.clientId]: crypto.randomUUID(), [FILE_UPLOAD_HEADERS.fileName]: encodeURIComponent(file.name) },
    body: file,
  }).catch(() => undefined);
  if (!response) return { error: { code: 'CONSOLE_NETWORK' satisfies ConsoleErrorCode, message: 'network error' } };
  const body = (await response.json().catch(() => ({}))) as { message?: ChatMessage; error?: ProtocolError };
  return body.message ? { message: body.message } : { error: body.error ?? { code: `HTTP_${response.status}`, message: `HTTP ${response.status}` } };
}

/** The visitor's conversations, newest first (the open one included), for the context panel. */
export async function visitorConversations(token: string, visitorId: string): Promise<ConversationSummary[]> {
  const response = await fetch(`/api/conversations/search?visitorId=${encodeURIComponent(visitorId)}&limit=20`, { headers: { authorization: `Bearer ${token}` } });
  return response.ok ? ((await response.json()) as ConversationSearchResult).conversations : [];
}

/** Every group (技能组) some active agent of the team serves, whether they are online or not. */
export async function teamGroups(token: string): Promise<string[]> {
  const response = await fetch('/api/agents', { headers: { authorization: `Bearer ${token}` } });
  const agents = response.ok ? ((await response.json()) as { active: boolean; groups?: string[] }[]) : [];
  return [...new Set(agents.filter((a) => a.active).flatMap((a) => a.groups ?? []))];
}
