import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createWechatCipher } from './aes-crypto.ts';
import { wechatSignature } from './signature.ts';
import { parseWechatXml } from './xml.ts';

const WXBizMsgCrypt = createRequire(import.meta.url)('wechat-crypto') as new (token: string, key: string, appId: string) => { encrypt(text: string): string; decrypt(text: string): { message: string; id: string }; getSignature(t: string, n: string, e: string): string };

// WeChat's published test vector (official sample code).
const TOKEN = 'spamtest';
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP_ID = 'wx2c2769f8efd9abc2';
const TIMESTAMP = '1409735669';
const NONCE = '1320562132';
const MSG_SIGNATURE = '5d197aaffba7e9b25a30732f161a50dee96bd5fa';
const ENCRYPT =
  'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';

describe('WeChat safe mode', () => {
  it('verifies and decrypts the official test vector', () => {
    expect(wechatSignature([TOKEN, TIMESTAMP, NONCE, ENCRYPT])).toBe(MSG_SIGNATURE);
    const xml = createWechatCipher(KEY, APP_ID).decrypt(ENCRYPT);
    expect(parseWechatXml(xml)).toMatchObject({ MsgType: 'text' });
  });

  it('refuses a message for another appId and a tampered ciphertext', () => {
    expect(() => createWechatCipher(KEY, 'wx0000000000000000').decrypt(ENCRYPT)).toThrow(expect.objectContaining({ code: 'WECHAT_APPID_MISMATCH' }));
    const tampered = Buffer.from(ENCRYPT, 'base64');
    tampered[tampered.length - 1]! ^= 0xff;
    expect(() => createWechatCipher(KEY, APP_ID).decrypt(tampered.toString('base64'))).toThrow(expect.objectContaining({ code: 'WECHAT_BAD_CIPHERTEXT' }));
  });

  it('round-trips with an independent implementation (wechat-crypto) in both directions, padding included', () => {
    const theirs = new WXBizMsgCrypt(TOKEN, KEY, APP_ID);
    const ours = createWechatCipher(KEY, APP_ID);
    // Lengths around the 32-byte block boundary exercise a full block of padding.
    for (const message of ['<xml><Content>你好</Content></xml>', 'x'.repeat(32 - ((20 + APP_ID.length) % 32)), 'y'.repeat(1000)]) {
      expect(theirs.decrypt(ours.encrypt(message))).toEqual({ message, id: APP_ID });
      expect(ours.decrypt(theirs.encrypt(message))).toBe(message);
    }
    expect(theirs.getSignature(TIMESTAMP, NONCE, ENCRYPT)).toBe(MSG_SIGNATURE);
  });
});

describe('WeChat XML', () => {
  it('reads CDATA fields and refuses entities and malformed XML', () => {
    expect(parseWechatXml('<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[a <b> & c]]></Content><MsgId>1</MsgId></xml>')).toEqual({ MsgType: 'text', Content: 'a <b> & c', MsgId: '1' });
    expect(() => parseWechatXml('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>')).toThrow(expect.objectContaining({ code: 'WECHAT_BAD_XML' }));
    expect(() => parseWechatXml('<xml><Content>unclosed</xml>')).toThrow(expect.objectContaining({ code: 'WECHAT_BAD_XML' }));
  });
});
