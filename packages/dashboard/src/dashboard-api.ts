/** A refused request: the server's stable error code (docs/errors.md) beside its message. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string | undefined, readonly status: number) {
    super(message);
    this.name = 'ApiError';
  }
}

/** REST calls of the dashboard, with the bearer token of the logged-in operator; errors become thrown Errors with the server's message. */
export class DashboardApi {
  /** `onSignedOut` is called when the server no longer takes the token: expired (401) or the agent deactivated. */
  constructor(private readonly token: string, private readonly onSignedOut: (error: ApiError) => void) {}

  async json<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
    const response = await fetch(path, { method: init.method ?? 'GET', headers: { authorization: `Bearer ${this.token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers }, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
    return this.read<T>(response);
  }

  /** Sends a file as the body (import). */
  async upload<T>(path: string, file: Blob, contentType: string): Promise<T> {
    return this.read<T>(await fetch(path, { method: 'POST', headers: { authorization: `Bearer ${this.token}`, 'content-type': contentType }, body: file }));
  }

  /** Fetches a file with the token and hands it to the browser as a download. */
  async download(path: string, filename: string): Promise<void> {
    const response = await fetch(path, { headers: { authorization: `Bearer ${this.token}` } });
    if (!response.ok) await this.read(response);
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /** Creates an entry, refused (KB_ENTRY_EXISTS) when its id is taken: a PUT alone would replace that entry. */
  createEntry<T>(id: string, entry: unknown): Promise<T> {
    return this.json<T>(`/api/knowledge/${encodeURIComponent(id)}`, { method: 'PUT', body: entry, headers: { 'if-none-match': '*' } });
  }

  private async read<T>(response: Response): Promise<T> {
    if (response.status === 204) return undefined as T;
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message: string } } | undefined;
    if (response.ok) return body as T;
    const error = new ApiError(body?.error?.message ?? `request failed (${response.status})`, body?.error?.code, response.status);
    if (response.status === 401 || error.code === 'AGENT_DISABLED') this.onSignedOut(error);
    throw error;
  }
}

export async function login(email: string, password: string): Promise<{ token: string; agent: { id: string; name: string; role: string } }> {
  const response = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const body = (await response.json().catch(() => ({ error: { message: `login failed (${response.status})` } }))) as { token: string; agent: { id: string; name: string; role: string } } | { error: { code?: string; message: string } };
  if (!response.ok || 'error' in body) throw new ApiError('error' in body ? body.error.message : `login failed (${response.status})`, 'error' in body ? body.error.code : undefined, response.status);
  return body;
}
