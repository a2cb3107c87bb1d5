/** A signed-in user of the page, vouched for by the site's backend: hmac = HMAC-SHA256(server secret, id), hex. */
export interface VisitorIdentity {
  id: string;
  name?: string;
  hmac: string;
}

export const IDENTITY_KEY = 'chatbot.identity';

export function storedIdentity(): VisitorIdentity | undefined {
  try {
    return (JSON.parse(localStorage.getItem(IDENTITY_KEY) ?? 'null') as VisitorIdentity | null) ?? undefined;
  } catch {
    return undefined; // a damaged entry is ignored; the visitor stays anonymous
  }
}

/** Keeps the identity for the next connections; `undefined` forgets it (anonymous). */
export function storeIdentity(identity: VisitorIdentity | undefined): void {
  if (identity) localStorage.setItem(IDENTITY_KEY, JSON.stringify(identity));
  else localStorage.removeItem(IDENTITY_KEY);
}
