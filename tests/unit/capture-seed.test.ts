import { describe, expect, it } from 'vitest';
import { capturePage, capturePageSafely } from '../../utils/capture/capture-page';
import { readText, SEED, windowFor } from '../helpers/dom';
import { captureSeed } from '../helpers/seed';

const PARAGRAPHS = [
  'Approximately 60 paratroopers from Russia’s Pskov region have refused to be deployed to Ukraine',
  'Paratroopers from the area were sent to Belarus days after Russia invaded Ukraine on Feb. 24',
  'Local activist Nikolay Kuzmin said that he had spoken with a driver',
  'Pskovskaya Gubernia later wrote that military sources expect the number of servicemen',
  'Pskovskaya Gubernia was the first media outlet to report on the involvement',
];

describe('capture of the seed article', () => {
  const capture = captureSeed('article.html');

  it('keeps headline, byline, site, language and times', () => {
    expect(capture.title).toBe('60 Russian Paratroopers Refuse to Fight In Ukraine — Reports');
    expect(capture.byline).toBe('The Moscow Times');
    expect(capture.siteName).toBe('The Moscow Times');
    expect(capture.lang).toBe('en');
    expect(capture.publishedTime).toBe('2022-04-07T12:45:00+03:00');
    expect(capture.modifiedTime).toBe('2022-04-07T12:45:00+03:00');
  });

  it('files the article under its canonical address and remembers where it was loaded', () => {
    expect(capture.canonicalUrl).toBe('https://www.themoscowtimes.com/2022/04/07/60-russian-paratroopers-refuse-to-fight-in-ukraine-reports');
    expect(capture.loadedUrl).toBe('http://127.0.0.1:8080/article.html');
  });

  it('keeps the five body paragraphs, in order, in text and HTML', () => {
    const positions = PARAGRAPHS.map((p) => capture.text.indexOf(p));
    expect(positions.every((at) => at >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const p of PARAGRAPHS) expect(capture.html).toContain(p);
    expect(capture.wordCount).toBeGreaterThan(150);
  });

  it.each([
    ['cookie banner', 'We use cookies'],
    ['navigation', 'Arts and Life'],
    ['newsletter', 'Sign up for our free weekly newsletter'],
    ['donation modal', 'A Message from The Moscow Times'],
    ['read-more box', 'Pskov Newspaper Raided by Riot Police'],
    ['footer', 'all rights reserved'],
  ])('drops the %s', (_name, text) => {
    expect(capture.text).not.toContain(text);
    expect(capture.html).not.toContain(text);
  });

  it('drops scripts, handlers and the tracking pixel', () => {
    expect(capture.html).not.toMatch(/<script|onclick|on\w+=|__track|dataLayer|pixel\.gif|analytics\.js/i);
  });

  it('makes links open only on click, with no referrer', () => {
    expect(capture.html).toContain('href="https://pskovgubernia.ru/" rel="noopener noreferrer nofollow" target="_blank"');
  });
});

describe('capture of the edited seed article', () => {
  it('sees the quiet edit', () => {
    const edited = captureSeed('article-edited.html');
    expect(edited.canonicalUrl).toBe(captureSeed('article.html').canonicalUrl);
    expect(edited.title).toBe('Russian Paratroopers Refuse to Fight In Ukraine — Reports');
    expect(edited.text).toContain('Several paratroopers');
    expect(edited.text).not.toContain('Nikolay Kuzmin');
    expect(edited.modifiedTime).toBe('2022-04-09T09:10:00+03:00');
  });
});

describe('pages that are not articles', () => {
  it.each([
    ['a sign-in page', '<html><body><form><input name="u"><button>Sign in</button></form><p>Sign in to continue.</p></body></html>'],
    ['a menu', '<html><body><h1>Welcome</h1><ul><li><a href="/a">Home</a></li><li><a href="/b">About</a></li></ul></body></html>'],
    ['an empty page', '<html><body></body></html>'],
  ])('refuses %s', (_name, html) => {
    const win = windowFor(html, 'https://site.example/');
    expect(capturePage(win.document, win)).toEqual({ ok: false, reason: 'not-an-article' });
  });

  it.each([
    ['application/pdf', 'pdf'],
    ['text/plain', 'not-html'],
    ['image/png', 'not-html'],
  ])('refuses a tab showing %s', (contentType, reason) => {
    // The browser wraps such files in a document of its own; jsdom cannot, so its type is set.
    const win = windowFor('<html><body><embed></body></html>', 'https://site.example/file');
    // On the prototype, where the browser keeps it: capture ignores what a page's markup shadows.
    Object.defineProperty((win as Window & typeof globalThis).Document.prototype, 'contentType', { get: () => contentType });
    expect(capturePage(win.document, win)).toEqual({ ok: false, reason });
  });

  it('answers instead of throwing when capture breaks', () => {
    const win = windowFor('<p>x</p>', 'https://site.example/');
    (win as Window & typeof globalThis).Node.prototype.cloneNode = () => {
      throw new TypeError('boom');
    };
    expect(capturePageSafely(win.document, win)).toEqual({ ok: false, reason: 'capture-failed', detail: 'TypeError: boom' });
  });
});

describe('whole-page and selection copies', () => {
  it('keeps a simplified whole page where there is no article, with the page’s details', () => {
    const win = windowFor('<html lang="en"><head><title>Sign in — Gazette</title></head><body><h1>Sign in</h1><form><input name="u"><button>Sign in</button></form><p>Sign in to continue. <a href="/help">Help</a></p><script>alert(1)</script></body></html>', 'https://gazette.example/login?utm_source=x');
    const outcome = capturePage(win.document, win, { kind: 'page' });
    // The site's name (gazette.example) is not the page's title: utils/capture/title.ts.
    expect(outcome).toMatchObject({ ok: true, capture: { kind: 'page', title: 'Sign in', canonicalUrl: 'https://gazette.example/login', lang: 'en' } });
    if (!outcome.ok) return;
    expect(outcome.capture.text).toBe('Sign in\n\nSign in\n\nSign in to continue. Help');
    expect(outcome.capture.html).toContain('<a href="https://gazette.example/help" rel="noopener noreferrer nofollow" target="_blank">Help</a>');
    expect(outcome.capture.html).not.toMatch(/<script|<form|<input|alert/);
  });

  it('keeps only the selection, with the article’s metadata', () => {
    const win = windowFor(readText(`${SEED}article.html`), 'http://127.0.0.1:8080/article.html');
    const paragraph = Array.from(win.document.querySelectorAll('p')).find((p) => p.textContent?.startsWith('Local activist'))!;
    const range = win.document.createRange();
    range.selectNodeContents(paragraph);
    win.getSelection()!.addRange(range);
    const outcome = capturePage(win.document, win, { kind: 'selection' });
    expect(outcome).toMatchObject({
      ok: true,
      capture: {
        kind: 'selection',
        title: '60 Russian Paratroopers Refuse to Fight In Ukraine — Reports',
        byline: 'The Moscow Times',
        publishedTime: '2022-04-07T12:45:00+03:00',
        text: 'Local activist Nikolay Kuzmin said that he had spoken with a driver who helped transport troops back to Pskov, and that he had corroborated the story.',
        images: [],
      },
    });
  });

  it('says so when nothing is selected', () => {
    const win = windowFor(readText(`${SEED}article.html`), 'http://127.0.0.1:8080/article.html');
    expect(capturePage(win.document, win, { kind: 'selection' })).toEqual({ ok: false, reason: 'no-selection' });
  });

  it('measures how much of the page the article holds', () => {
    const seed = captureSeed('article.html');
    expect(seed.pageWordCount).toBeGreaterThan(seed.wordCount);
  });
});
