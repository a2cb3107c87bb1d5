import { describe, expect, it } from 'vitest';
import { chineseEnglishSenses, plainSense } from './chinese-english-dictionary.ts';

describe('CC-CEDICT senses', () => {
  it('keeps the meaning of a sense and drops notes, cross-references and non-meanings', () => {
    expect(plainSense('to apply for reimbursement')).toBe('apply for reimbursement');
    expect(plainSense('to use a credit card (or swipe card, smart card etc)')).toBe('use a credit card');
    expect(plainSense('to hand over to sb')).toBe('hand over to');
    expect(plainSense("to place in sb's care")).toBe('place in care');
    expect(plainSense('surname Qian')).toBeUndefined();
    expect(plainSense('variant of 期[qi1]')).toBeUndefined();
    expect(plainSense('CL:本[ben3]')).toBeUndefined();
  });

  it('loads the dictionary from npm, common senses before proper-noun readings', () => {
    const senses = chineseEnglishSenses();
    expect(senses.size).toBeGreaterThan(100_000);
    expect(senses.get('课本')).toEqual(['textbook']);
    expect(senses.get('钱')?.[0]).toBe('coin');
    expect(senses.get('钱')).not.toContain('surname Qian');
    expect(senses.get('报销')).toContain('apply for reimbursement');
  });
});
