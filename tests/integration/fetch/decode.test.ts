/** decodeHtml and the content checks, without a server. */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../../../src/fetch/index.js';
import { looksBinary, looksLikeHtml, parseContentType } from '../../../src/fetch/decode.js';
import { CHARSET_SAMPLES } from '../../helpers/hostile-server.js';

describe('decodeHtml', () => {
  it.each(Object.entries(CHARSET_SAMPLES))('%s: header, meta, and header-over-meta', (name, text) => {
    const bare = iconv.encode(`<p>${text}</p>`, name);
    expect(decodeHtml(bare, { contentType: `text/html; charset="${name}"` })).toEqual({ html: `<p>${text}</p>`, charset: name });
    const withMeta = iconv.encode(`<meta charset="${name}"><p>${text}</p>`, name);
    expect(decodeHtml(withMeta).charset).toBe(name);
    expect(decodeHtml(withMeta).html).toContain(text);
    // The header wins over a <meta> that lies.
    const lying = iconv.encode(`<meta charset="utf-8"><p>${text}</p>`, name);
    expect(decodeHtml(lying, { contentType: `text/html;charset=${name}` }).html).toContain(text);
  });

  it('decodes ISO-2022-JP, which iconv-lite lacks, through Node\'s TextDecoder', () => {
    // "日本" between ESC $ B and ESC ( B
    const bytes = Buffer.from('<meta charset="iso-2022-jp"><p>\x1b$BF|K\\\x1b(B</p>', 'latin1');
    expect(decodeHtml(bytes)).toEqual({ html: '<meta charset="iso-2022-jp"><p>日本</p>', charset: 'ISO-2022-JP' });
    expect(decodeHtml(bytes, { contentType: 'text/html; charset=ISO-2022-JP' }).html).toContain('<p>日本</p>');
  });

  it('windows-1252 0x80–0x9F become the right characters, not C1 controls', () => {
    const bytes = Uint8Array.from([0x80, 0x93, 0x94, 0x96, 0x85, 0x99]);
    expect(decodeHtml(bytes).html).toBe('€“”–…™');
  });

  it('defaults to windows-1252 for HTTP, UTF-8 when the caller says so (local files)', () => {
    const bytes = Buffer.from('<p>Zürich — “quotes”</p>', 'utf8');
    expect(decodeHtml(bytes).charset).toBe('windows-1252');
    expect(decodeHtml(bytes, { defaultEncoding: 'UTF-8' })).toEqual({ html: '<p>Zürich — “quotes”</p>', charset: 'UTF-8' });
  });

  it('a BOM beats header and meta, and is stripped', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<meta charset="koi8-r"><p>é</p>')]);
    expect(decodeHtml(bytes, { contentType: 'text/html; charset=shift_jis' })).toEqual({ html: '<meta charset="koi8-r"><p>é</p>', charset: 'UTF-8' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>ü</p>', 'utf16le')]);
    expect(decodeHtml(utf16)).toEqual({ html: '<p>ü</p>', charset: 'UTF-16LE' });
  });

  it('an unknown header label falls through to the meta prescan', () => {
    const bytes = iconv.encode('<meta charset="euc-kr"><p>서울</p>', 'EUC-KR');
    expect(decodeHtml(bytes, { contentType: 'text/html; charset=no-such-charset' }).charset).toBe('EUC-KR');
  });

  it('labels are resolved through the WHATWG table (latin1 → windows-1252, gb2312 → GBK)', () => {
    expect(decodeHtml(Uint8Array.from([0x93]), { contentType: 'text/html; charset=latin1' })).toEqual({ html: '“', charset: 'windows-1252' });
    expect(decodeHtml(iconv.encode('中文', 'GBK'), { contentType: 'text/html; charset=gb2312' })).toEqual({ html: '中文', charset: 'GBK' });
  });

  it('finds a <meta charset> declared after the first 1,024 bytes (big injected heads)', () => {
    const head = `<html><head><style>${'x'.repeat(2000)}</style>`;
    const bytes = iconv.encode(`${head}<meta http-equiv="Content-Type" content="text/html; charset=gb2312"/></head><body><p>话剧巡演结束</p>`, 'gbk');
    const decoded = decodeHtml(bytes, { defaultEncoding: 'UTF-8' });
    expect(decoded.charset).toBe('GBK');
    expect(decoded.html).toContain('话剧巡演结束');
    // An HTTP charset still wins over a late <meta>.
    expect(decodeHtml(bytes, { contentType: 'text/html; charset=windows-1252' }).charset).toBe('windows-1252');
  });

  it('invalid UTF-8 becomes U+FFFD rather than failing', () => {
    expect(decodeHtml(Uint8Array.from([0x3c, 0xff, 0x3e]), { contentType: 'text/html; charset=utf-8' }).html).toBe('<\uFFFD>');
  });
});

describe('content checks', () => {
  it('parses Content-Type', () => {
    expect(parseContentType('Text/HTML; Charset="ISO-8859-2"; foo=bar')).toEqual({ mime: 'text/html', charset: 'ISO-8859-2' });
    expect(parseContentType('text/html')).toEqual({ mime: 'text/html', charset: null });
    expect(parseContentType(null)).toBeNull();
    expect(parseContentType('  ')).toBeNull();
  });

  it('spots binary bytes and magic numbers, but not legacy text or UTF-16', () => {
    expect(looksBinary(Buffer.from('%PDF-1.7 ...'))).toBe(true);
    expect(looksBinary(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe(true);
    expect(looksBinary(Buffer.from('<html>\u0000</html>', 'latin1'))).toBe(true);
    expect(looksBinary(Buffer.from('<html>\t\r\n\f<p>ok</p></html>'))).toBe(false);
    // ISO-2022-JP ("日" between ESC $ B and ESC ( B) uses ESC, which is not a binary byte.
    expect(looksBinary(Buffer.from('<p>\x1b$BF|\x1b(B</p>', 'latin1'))).toBe(false);
    expect(looksBinary(iconv.encode('<p>日本語</p>', 'Shift_JIS'))).toBe(false);
    expect(looksBinary(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>x</p>', 'utf16le')]))).toBe(false);
    // Binary bytes after the first KB are not inspected (the page could embed anything later).
    expect(looksBinary(Buffer.concat([Buffer.alloc(2048, 0x61), Buffer.from([0])]))).toBe(false);
  });

  it('recognises unlabelled markup', () => {
    expect(looksLikeHtml(Buffer.from('\n  <!doctype html>'))).toBe(true);
    expect(looksLikeHtml(Buffer.from('{"json": true}'))).toBe(false);
  });
});
