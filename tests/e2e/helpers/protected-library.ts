import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { serve } from '../../../scripts/serve.mjs';

/**
 * The protected library's end-to-end tests (issue 25): twenty articles in four scripts, each with
 * words found in no other page, and what must not be readable in the browser's files once the
 * library is protected: their titles, addresses, distinctive words, tags and notes.
 */

const STORIES = [
  { lang: 'en', host: 'harbour-gazette.example', title: 'Harbourmaster Quintavalle hid the tanker inspection', word: 'Quintavalle', body: 'The harbourmaster Quintavalle signed the inspection of the tanker Zephyrine and then ordered it destroyed, according to dockworkers who kept copies.' },
  { lang: 'ru', host: 'nezavisimye-vesti.example', title: 'Прокурор Завьяловский скрыл доклад о пытках', word: 'Завьяловский', body: 'Прокурор Завьяловский получил доклад о пытках в колонии Краснокаменска и приказал его засекретить, рассказали сотрудники ведомства.' },
  { lang: 'fa', host: 'khabarnameh.example', title: 'بازداشت خبرنگار در بندر گناوه', word: 'گناوه', body: 'خبرنگار محلی در بندر گناوه پس از انتشار گزارشی دربارهٔ آلودگی آب بازداشت شد و خانواده‌اش از محل نگهداری او خبری ندارند.' },
  { lang: 'zh', host: 'xianggang-ribao.example', title: '荃湾记者被捕后报道遭删除', word: '荃湾', body: '荃湾一名记者在报道仓库火灾真相后被捕，其文章在数小时内被删除，同事们保存了副本。' },
] as const;

export interface ProtectedArticle {
  path: string;
  canonical: string;
  title: string;
  lang: string;
  /** A word of its text found in no other article: what a search finds it by. */
  word: string;
}

function articleOf(i: number): ProtectedArticle {
  const story = STORIES[i % STORIES.length]!;
  const n = Math.floor(i / STORIES.length) + 1;
  // A word of its own: the story's word with the article's number, so each is found alone.
  return { path: `/${story.lang}/${n}.html`, canonical: `https://${story.host}/2026/${story.lang}-exclusive-${n}`, title: `${story.title} ${n}`, lang: story.lang, word: `${story.word}${n}` };
}

/** Twenty articles, five in each script, each with its own title, address and word. */
export const ARTICLES: ProtectedArticle[] = Array.from({ length: 20 }, (_, i) => articleOf(i));
/** Two more, saved while the library is locked (Russian and Persian). */
export const LOCKED_ARTICLES: ProtectedArticle[] = [articleOf(21), articleOf(22)];

/** The tags and notes set on the first article of each script. */
export const TAGS = ['улика', 'مدرک', 'evidence-kept', '证据'];
export const NOTES = ['Источник в прокуратуре просил не называть его', 'منبع در دادستانی', 'Call the dockworker back on Friday', '消息来源要求匿名'];

function articleHtml(article: ProtectedArticle): string {
  const story = STORIES.find((s) => article.path.startsWith(`/${s.lang}/`))!;
  const paragraphs = [1, 2, 3, 4, 5, 6].map((p) => `<p>${story.body} ${article.word} (${p}).</p>`).join('\n');
  return `<!doctype html><html lang="${article.lang}" dir="${article.lang === 'fa' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><title>${article.title}</title>
<link rel="canonical" href="${article.canonical}"><meta property="og:title" content="${article.title}"></head>
<body><article><h1>${article.title}</h1><p class="byline">Staff reporter</p>${paragraphs}</article></body></html>`;
}

/** The articles on 127.0.0.1. */
export function serveArticles() {
  return serve(Object.fromEntries([...ARTICLES, ...LOCKED_ARTICLES].map((article) => [article.path, { body: articleHtml(article), type: 'text/html; charset=utf-8' }])));
}

/** What must not be readable once the library is protected: every title, address, word, tag and note. */
export function secrets(articles = ARTICLES): string[] {
  return [
    ...articles.flatMap((article) => [article.title, article.canonical.replace('https://', ''), article.word]),
    ...STORIES.map((story) => story.word),
    ...TAGS,
    ...NOTES,
  ];
}

/**
 * How the browsers may write a string in their files: UTF-8, UTF-16 in either order (Chromium's
 * IndexedDB keys are UTF-16 big-endian, V8's serialised strings little-endian), and Firefox's
 * IndexedDB key encoding (each character below 0x7F shifted by one, the others in two or three bytes).
 */
function encodings(text: string): Buffer[] {
  const utf16be = Buffer.from(text, 'utf16le').swap16();
  const firefoxKey: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c > 0xffff) break;
    if (c <= 0x7e) firefoxKey.push(c + 1);
    else if (c <= 0x3fff + 0x7f) firefoxKey.push(0x80 | ((c - 0x7f) >> 8), (c - 0x7f) & 0xff);
    else firefoxKey.push(0xc0 | (c >> 10), (c >> 2) & 0xff, (c & 0x3) << 6);
  }
  // A form shorter than six bytes is not looked for: the files hold tens of megabytes of random
  // bytes (sealed rows, the rewrite's filler), where any given four bytes turn up by chance about
  // once in 4 GB, so about once in a hundred runs (seen in CI: the UTF-16 of a two-character
  // Chinese tag, in the filler). The same word's UTF-8 and Firefox forms are six bytes or more.
  return [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le'), utf16be, Buffer.from(firefoxKey)].filter((form) => form.length >= MIN_FORM_BYTES);
}

const MIN_FORM_BYTES = 6;

/** Every file under these folders (those that exist). */
export function filesUnder(folders: string[]): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else out.push(path);
  };
  folders.forEach(walk);
  return out;
}

/** Which of these strings the files show, in any of the encodings, with where. */
export function foundIn(files: string[], needles: string[]): string[] {
  const contents = files.map((file) => ({ file, bytes: readFileSync(file) }));
  const found: string[] = [];
  for (const needle of needles) {
    for (const { file, bytes } of contents) {
      if (encodings(needle).some((form) => bytes.includes(form))) {
        found.push(`${needle} (${file})`);
        break;
      }
    }
  }
  return found;
}

/**
 * Protection turned on in Chromium's Settings page as a user does it: the passphrase twice, the
 * recovery key shown once and ticked as written down, then Start. Resolves once sealing has begun
 * (the page shows its progress or, for a small library, that protection is on). Answers the
 * recovery key shown.
 */
export async function protectFromSettings(settings: Page, passphrase: string): Promise<string> {
  await settings.click('.protect-library');
  await settings.fill('.passphrase', passphrase);
  await settings.fill('.passphrase-again', passphrase);
  await settings.click('.make-protection');
  const recoveryKey = await settings.locator('.recovery-key').textContent({ timeout: 20_000 });
  expect(recoveryKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
  expect(await settings.isDisabled('.start-protecting')).toBe(true);
  await settings.check('.recovery-key-written');
  await settings.click('.start-protecting');
  return recoveryKey!;
}
