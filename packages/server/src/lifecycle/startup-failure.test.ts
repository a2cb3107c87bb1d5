import { describe, expect, it } from 'vitest';
import { startupFailure } from './startup-failure.ts';

const failure = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe('startupFailure', () => {
  it('says a taken port in one line, other errors by code and message, the stack only when asked', () => {
    expect(startupFailure(failure('listen EADDRINUSE: address already in use 127.0.0.1:4950', { code: 'EADDRINUSE', port: 4950 }))).toBe('chatbot: port 4950 is in use; set PORT to a free one');
    expect(startupFailure(failure('listen EADDRINUSE', { code: 'EADDRINUSE' }), { port: 3000 })).toBe('chatbot: port 3000 is in use; set PORT to a free one');
    expect(startupFailure(failure('permission denied, mkdir \'/root/x\'\nmore', { code: 'EACCES' }))).toBe("chatbot: could not start: EACCES: permission denied, mkdir '/root/x'");
    expect(startupFailure(failure("ENOTDIR: not a directory, mkdir '/tmp/f/x'", { code: 'ENOTDIR' }))).toBe("chatbot: could not start: ENOTDIR: not a directory, mkdir '/tmp/f/x'");
    expect(startupFailure(new Error('boom'))).toBe('chatbot: could not start: boom');
    expect(startupFailure(new Error('boom'), { verbose: true })).toMatch(/^chatbot: could not start: boom\nError: boom\n\s+at /);
    expect(startupFailure('a string')).toBe('chatbot: could not start: a string');
  });
});
