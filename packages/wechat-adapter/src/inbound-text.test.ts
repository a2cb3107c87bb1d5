import { describe, expect, it } from 'vitest';
import { inboundOf } from './inbound-text.ts';

describe('inboundOf', () => {
  it('asks the bot about a shared link by its title or description, and ignores a link with neither', () => {
    expect(inboundOf({ MsgType: 'link', Title: '退款规则', Description: '' }, 'hi')).toEqual({ kind: 'ask', text: '退款规则' });
    expect(inboundOf({ MsgType: 'link', Title: '  ', Description: '课程介绍' }, 'hi')).toEqual({ kind: 'ask', text: '课程介绍' });
    expect(inboundOf({ MsgType: 'link', Title: '', Url: 'https://example.com' }, 'hi')).toEqual({ kind: 'ignore' });
  });
});
