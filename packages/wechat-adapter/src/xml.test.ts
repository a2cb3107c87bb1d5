import { describe, expect, it } from 'vitest';
import { WechatError } from './errors.ts';
import { parseWechatXml } from './xml.ts';

const codeOf = (body: string) => {
  try {
    parseWechatXml(body);
    return 'parsed';
  } catch (error) {
    return error instanceof WechatError ? error.code : `thrown: ${String(error)}`;
  }
};

describe('parseWechatXml', () => {
  it('reads CDATA and plain fields, decoding the predefined XML entities in a plain one', () => {
    expect(parseWechatXml('<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Content>a &amp; b &lt;c&gt;</Content><CreateTime>17</CreateTime></xml>')).toEqual({ ToUserName: 'gh_1', Content: 'a & b <c>', CreateTime: '17' });
    expect(parseWechatXml('<xml><Content><![CDATA[&amp; stays]]></Content></xml>')).toEqual({ Content: '&amp; stays' });
  });

  it('calls XML the parser gives up on (tags nested thousands deep) bad XML, as it does a DOCTYPE', () => {
    const deep = `<xml>${'<a>'.repeat(5000)}x${'</a>'.repeat(5000)}</xml>`;
    expect(codeOf(deep)).toBe('WECHAT_BAD_XML');
    expect(codeOf('<!DOCTYPE x [<!ENTITY e "boom">]><xml><Content>&e;</Content></xml>')).toBe('WECHAT_BAD_XML');
  });
});
