import { describe, expect, it } from 'vitest';
import { cleanFileName, sniffFileType } from './sniff-file-type.ts';

const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('sniffFileType', () => {
  it('recognises pictures and PDFs by their first bytes', () => {
    expect(sniffFileType(bytes([0x89], 'PNG\r\n\x1a\n', [0, 0]))).toBe('image/png');
    expect(sniffFileType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffFileType(bytes('GIF89a', [1, 0]))).toBe('image/gif');
    expect(sniffFileType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffFileType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('refuses what could run script or is unknown, whatever it is called', () => {
    expect(sniffFileType(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeUndefined();
    expect(sniffFileType(bytes('<!doctype html><script>alert(1)</script>'))).toBeUndefined();
    expect(sniffFileType(bytes('MZ', [0x90, 0]))).toBeUndefined();
    expect(sniffFileType(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBeUndefined();
    expect(sniffFileType(new Uint8Array())).toBeUndefined();
  });
});

describe('cleanFileName', () => {
  it('keeps the last path segment of a URI-encoded name, without control characters', () => {
    expect(cleanFileName(encodeURIComponent('订单截图.png'), 'image/png')).toBe('订单截图.png');
    expect(cleanFileName(encodeURIComponent('../../etc/passwd'), 'image/png')).toBe('passwd');
    expect(cleanFileName(encodeURIComponent('C:\\Users\\me\\receipt.pdf'), 'application/pdf')).toBe('receipt.pdf');
    expect(cleanFileName(encodeURIComponent('invoice\u202Egnp.exe'), 'image/png')).toBe('invoicegnp.exe');
    expect(cleanFileName('100%.png', 'image/png')).toBe('100%.png');
  });

  it('names a name-less file by its type and shortens long names', () => {
    expect(cleanFileName(undefined, 'image/jpeg')).toBe('file.jpg');
    expect(cleanFileName('..', 'application/pdf')).toBe('file.pdf');
    expect(cleanFileName(`${'长'.repeat(200)}.png`, 'image/png')).toHaveLength(120);
  });
});
