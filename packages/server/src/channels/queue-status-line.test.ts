import { describe, expect, it } from 'vitest';
import { queueStatusLine } from './queue-status-line.ts';

describe('queueStatusLine', () => {
  it('says the place and the wait, or that nobody is online, and nothing once a person has taken over', () => {
    expect(queueStatusLine('c1', { state: 'queued', position: 3, etaSeconds: 360 })?.text).toMatch(/^您前面还有 2 位，预计等待约 6 分钟。 \/ You are number 3 in the queue, about 6 min/);
    expect(queueStatusLine('c1', { state: 'queued', position: 1, etaSeconds: 20 })?.text).toContain('您前面还有 0 位，预计等待约 1 分钟');
    expect(queueStatusLine('c1', { state: 'queued', position: 1, offHours: true })?.text).toContain('现在没有客服在线');
    expect(queueStatusLine('c1', { state: 'agent', agentName: 'Li' })).toBeUndefined();
  });
});
