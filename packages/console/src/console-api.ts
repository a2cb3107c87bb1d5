/** The console's REST calls: login and canned replies. Errors come back as `{ error: { code, message } }`. */
export async function login(email: string, password: string): Promise<{ token: string; agent: { id: string; name: string; role: string } }> {
  const response = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const body = (await response.json()) as { token: string; agent: { id: string; name: string; role: string } } | { error: { message: string } };
  if (!response.ok || 'error' in body) throw new Error('error' in body ? body.error.message : `login failed (${response.status})`);
  return body;
}

export async function cannedReplies(token: string): Promise<{ id: string; title: string; text: string }[]> {
  const response = await fetch('/api/canned-replies', { headers: { authorization: `Bearer ${token}` } });
  return response.ok ? ((await response.json()) as { id: string; title: string; text: string }[]) : [];
}
