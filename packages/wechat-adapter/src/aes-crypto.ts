import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { WechatError } from './errors.ts';

const BLOCK = 32;

function pad(data: Buffer): Buffer {
  const amount = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(amount, amount)]);
}

function unpad(data: Buffer): Buffer {
  const amount = data[data.length - 1] ?? 0;
  if (amount < 1 || amount > BLOCK || amount > data.length || !data.subarray(data.length - amount).every((b) => b === amount)) {
    throw new WechatError('WECHAT_BAD_CIPHERTEXT', 'bad PKCS#7 padding');
  }
  return data.subarray(0, data.length - amount);
}

/**
 * WeChat's safe-mode message cipher: AES-256-CBC, key = base64(EncodingAESKey + "="), IV = the key's first
 * 16 bytes, PKCS#7 padding to 32-byte blocks; plaintext = 16 random bytes + 4-byte big-endian length +
 * message + appId. Decryption refuses a message for another appId.
 */
export function createWechatCipher(encodingAESKey: string, appId: string) {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (encodingAESKey.length !== 43 || key.length !== 32) throw new WechatError('WECHAT_BAD_CONFIG', 'EncodingAESKey must be 43 characters of base64');
  const iv = key.subarray(0, 16);
  return {
    encrypt(message: string, random: Buffer = randomBytes(16)): string {
      const body = Buffer.from(message, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(body.length, 0);
      const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
      const plain = pad(Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]));
      return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
    },
    decrypt(encrypted: string): string {
      let plain: Buffer;
      try {
        const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
        plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
      } catch (error) {
        throw new WechatError('WECHAT_BAD_CIPHERTEXT', 'cannot decrypt the message', { cause: error });
      }
      const content = unpad(plain).subarray(16);
      if (content.length < 4) throw new WechatError('WECHAT_BAD_CIPHERTEXT', 'decrypted message is too short');
      const length = content.readUInt32BE(0);
      if (length > content.length - 4) throw new WechatError('WECHAT_BAD_CIPHERTEXT', 'message length is out of range');
      const from = content.subarray(4 + length).toString('utf8');
      if (from !== appId) throw new WechatError('WECHAT_APPID_MISMATCH', `message is for appId "${from}", not this account`);
      return content.subarray(4, 4 + length).toString('utf8');
    },
  };
}
