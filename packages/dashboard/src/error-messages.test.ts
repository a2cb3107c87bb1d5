import { afterAll, describe, expect, it, vi } from 'vitest';

// labels.ts reads the browser's language when it is imported (no other test file imports it). Test files share
// worker processes (vitest.config.ts): the globals are restored after.
vi.stubGlobal('navigator', { language: 'zh-CN' });
vi.stubGlobal('document', { documentElement: { lang: '' } });
afterAll(() => vi.unstubAllGlobals());
const { errorMessage } = await import('./error-messages.ts');
const { ApiError } = await import('./dashboard-api.ts');

describe('errorMessage in a Chinese dashboard', () => {
  it('says a refused deactivation and a missing entry in Chinese, with the names and counts the server gave', () => {
    expect(errorMessage(new ApiError('小王 still serves 2 conversations: transfer or close them first', 'AGENT_BUSY', 409))).toBe('小王 还在接待 2 个会话：请先转接或结束这些会话再停用');
    expect(errorMessage(new ApiError('no such entry', 'ENTRY_NOT_FOUND', 404))).toBe('没有这个条目（可能已被他人删除）');
    expect(errorMessage(new ApiError('the entry "refund" was changed by someone else after you opened it', 'KB_ENTRY_CHANGED', 412))).toContain('已被他人修改');
  });

  it('keeps the server\'s text for a code it does not know', () => {
    expect(errorMessage(new ApiError('something new', 'SOMETHING_NEW', 500))).toBe('something new');
  });
});
