import { fileURLToPath } from 'node:url';
import { runCommand } from '../helpers/cli';
import { describe, expect, it } from 'vitest';

const PAGES = fileURLToPath(new URL('../fixtures/pages/', import.meta.url));

const run = runCommand;

describe('samizdat capture', () => {
  it.each([
    ['cp1251.html', 'windows-1251', 'Жители вышли на защиту районной больницы', 'Ёмкость больницы соседнего района'],
    ['shift-jis.html', 'shift_jis', '北部地区の住民、病院閉鎖に反対', '市議会の議員たちは、来週この問題を審議すると約束した。'],
    ['koi8-r.html', 'koi8-r', 'Жители вышли на защиту районной больницы', 'мы против того, чтобы нас лишали помощи'],
  ])('captures %s with the right text, and says it read it as %s', async (file, encoding, title, sentence) => {
    const { code, out, err } = await run('capture', `${PAGES}${file}`, '--url', 'https://gazeta.example/2024/story?utm_source=tg');
    expect(code).toBe(0);
    expect(err).toContain(`as ${encoding} (from <meta`);
    const result = JSON.parse(out);
    expect(result.encoding).toBe(encoding);
    expect(result.capture.title).toBe(title);
    expect(result.capture.text).toContain(sentence);
    expect(result.capture.canonicalUrl).toBe('https://gazeta.example/2024/story');
  });

  it('captures a page whose CSS jsdom cannot parse (SCSS left in production CSS), and still leaves out hidden text', async () => {
    const { code, out, err } = await run('capture', `${PAGES}scss-left-in.html`, '--url', 'https://courier.example/2024/ferry');
    expect(err).not.toMatch(/\n\s+at /);
    expect(code).toBe(0);
    const { capture } = JSON.parse(out);
    expect(capture.title).toBe('Ferry service to the islands cut to twice a week');
    expect(capture.text).toContain('The regional transport board voted on Monday');
    expect(capture.text).toContain('A petition against the cut has gathered');
    // The inline style jsdom can read is kept, so Readability still sees what the page hides.
    expect(capture.text).not.toContain('must not be captured');
  });

  it('says why when a page has no article, and exits 1', async () => {
    const { code, out, err } = await run('capture', `${PAGES}sign-in.html`, '--url', 'https://x.example/');
    expect([code, out]).toEqual([1, '']);
    expect(err).toContain('no article was found in this page');
  });

  it.each([
    [['capture'], 'Usage:'],
    [['capture', `${PAGES}cp1251.html`], 'Usage:'],
    [['capture', `${PAGES}cp1251.html`, '--url', 'not-a-url'], '--url must be an absolute address'],
    [['capture', `${PAGES}missing.html`, '--url', 'https://x.example/'], 'cannot read'],
    [['capture', `${PAGES}cp1251.html`, '--url', 'https://x.example/', '--encoding', 'nonsense'], 'unknown encoding "nonsense"'],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('refuses %j with a usage error', async (argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
  });
});
