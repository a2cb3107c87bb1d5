import type { Store } from '../store/store.ts';
import type { ProactiveRules } from './proactive-rules.ts';

const TTL_MS = 10_000;

/** The proactive rules, re-read at most every 10 s: every visitor message checks the opt-out words, and an edit on any node applies within seconds. */
export function cachedRules(store: Pick<Store, 'proactiveRules'>): () => Promise<ProactiveRules> {
  let cached: { at: number; rules: Promise<ProactiveRules> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > TTL_MS) {
      const rules = store.proactiveRules();
      cached = { at: Date.now(), rules };
      rules.catch(() => (cached = undefined));
    }
    return cached.rules;
  };
}
