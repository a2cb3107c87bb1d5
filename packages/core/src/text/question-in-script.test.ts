import { describe, expect, it } from 'vitest';
import { questionInScriptOf } from './question-in-script.ts';

const questions = ['can I transfer my lessons to someone else', '课时可以转让吗', '课程能转给别人吗'];

describe('questionInScriptOf', () => {
  it('keeps the matched question when it is in the visitor’s script', () => {
    expect(questionInScriptOf('课程能转给别人吗', questions, '多少钱')).toBe('课程能转给别人吗');
    expect(questionInScriptOf(questions[0]!, questions, 'how much')).toBe(questions[0]);
  });

  it('offers a Chinese visitor the entry’s first Chinese question instead of an English one', () => {
    expect(questionInScriptOf(questions[0]!, questions, '多少钱')).toBe('课时可以转让吗');
  });

  it('offers an English visitor an English question instead of a Chinese one', () => {
    expect(questionInScriptOf('课时可以转让吗', questions, 'and the price?')).toBe(questions[0]);
  });

  it('keeps the matched question when the entry has none in the visitor’s script, or the text has no letters', () => {
    expect(questionInScriptOf('课时可以转让吗', ['课时可以转让吗'], 'price?')).toBe('课时可以转让吗');
    expect(questionInScriptOf(questions[0]!, questions, '👍 123')).toBe(questions[0]);
  });
});
