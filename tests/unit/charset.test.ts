import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePage } from '../../utils/capture/charset';

const bytes = (text: string) => new TextEncoder().encode(text);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/pages/${name}`, import.meta.url)));

describe('finding a saved page’s encoding', () => {
  it.each([
    ['cp1251.html', 'windows-1251', '<meta charset>', 'Жители вышли на защиту районной больницы'],
    ['koi8-r.html', 'koi8-r', '<meta http-equiv>', 'Ёмкость больницы соседнего района'],
    ['shift-jis.html', 'shift_jis', '<meta http-equiv>', '北部地区の住民、病院閉鎖に反対'],
  ])('%s is %s, from %s', (name, encoding, source, text) => {
    const page = decodePage(fixture(name));
    expect([page.encoding, page.source]).toEqual([encoding, source]);
    expect(page.html).toContain(text);
  });

  it.each([
    ['a UTF-8 byte order mark', new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('<p>Привет</p>')]), 'utf-8', 'byte order mark'],
    ['a UTF-16 byte order mark', new Uint8Array([0xff, 0xfe, ...Array.from(bytes('<p>hi</p>')).flatMap((b) => [b, 0])]), 'utf-16le', 'byte order mark'],
    ['unlabelled UTF-8', bytes('<p>Привет, 世界</p>'), 'utf-8', 'valid UTF-8'],
    ['unlabelled bytes that are not UTF-8', new Uint8Array([0x3c, 0x70, 0x3e, 0xe9, 0x3c]), 'windows-1252', 'default'],
    ['GBK by its old name', bytes('<meta charset="gb2312"><p>x</p>'), 'gbk', '<meta charset>'],
    ['a UTF-16 label in ASCII markup (read as UTF-8)', bytes('<meta charset="utf-16"><p>x</p>'), 'utf-8', '<meta charset>'],
    ['an unknown label (ignored)', bytes('<meta charset="klingon"><p>x</p>'), 'utf-8', 'valid UTF-8'],
  ])('%s', (_name, input, encoding, source) => {
    const page = decodePage(input);
    expect([page.encoding, page.source]).toEqual([encoding, source]);
  });

  it('obeys an encoding the user gives, and refuses an unknown one', () => {
    expect(decodePage(bytes('<p>x</p>'), 'windows-1251').source).toBe('given');
    expect(() => decodePage(bytes('x'), 'nonsense')).toThrow('unknown encoding "nonsense"');
  });
});
