import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fillMessage, type MessageEntry } from '../../utils/i18n/messages';

/** The browser's i18n as Chrome gives it to an extension whose browser speaks `locale`. */
function browserIn(locale: string, uiLanguage = locale.replace('_', '-')) {
  const messages: Record<string, MessageEntry> = JSON.parse(readFileSync(new URL(`../../public/_locales/${locale}/messages.json`, import.meta.url), 'utf8'));
  return {
    i18n: {
      getMessage: (key: string, substitutions: string[] = []) => (messages[key] ? fillMessage(messages[key]!, substitutions) : ''),
      getUILanguage: () => uiLanguage,
    },
  };
}

/** utils/i18n loaded afresh in an extension whose browser speaks `locale`. */
async function i18nIn(locale: string, uiLanguage?: string) {
  vi.resetModules();
  vi.doMock('wxt/browser', () => ({ browser: browserIn(locale, uiLanguage) }));
  return import('../../utils/i18n');
}

afterEach(() => {
  vi.doUnmock('wxt/browser');
  vi.resetModules();
});

describe('plural forms', () => {
  it.each([
    [1, '1 сохранённая страница'],
    [2, '2 сохранённые страницы'],
    [5, '5 сохранённых страниц'],
    [11, '11 сохранённых страниц'],
    [21, '21 сохранённая страница'],
    [22, '22 сохранённые страницы'],
    [25, '25 сохранённых страниц'],
  ])('Russian: %i → %s', async (count, expected) => {
    const { plural } = await i18nIn('ru');
    expect(plural('savedPages', count)).toBe(expected);
  });

  it.each([
    [1, '1 збережена сторінка'],
    [2, '2 збережені сторінки'],
    [5, '5 збережених сторінок'],
    [11, '11 збережених сторінок'],
    [21, '21 збережена сторінка'],
    [22, '22 збережені сторінки'],
    [25, '25 збережених сторінок'],
  ])('Ukrainian: %i → %s', async (count, expected) => {
    const { plural } = await i18nIn('uk');
    expect(plural('savedPages', count)).toBe(expected);
  });

  it('writes the count in the reader’s digits (Persian), and picks the form by the messages’ language', async () => {
    const { plural } = await i18nIn('fa');
    expect(plural('savedPages', 25)).toBe('۲۵ صفحهٔ ذخیره\u200cشده');
  });

  it('uses the English forms where the browser’s language has no messages (German reads English)', async () => {
    // Chrome gives the default locale's messages for a language Samizdat does not speak.
    const { plural } = await i18nIn('en', 'de');
    expect(plural('savedPages', 1)).toBe('1 saved page');
    expect(plural('savedPages', 1234)).toBe('1.234 saved pages');
  });
});

describe('outside an extension (Node, the samizdat command)', () => {
  it('speaks English from the English messages, with their substitutions', async () => {
    vi.resetModules();
    const { t, plural, messagesLanguage } = await import('../../utils/i18n');
    expect(messagesLanguage()).toBe('en');
    expect(t('savedNewPage', 'A “quoted” $1 title', 'Kept 3 words.')).toBe('Saved “A “quoted” $1 title”. Kept 3 words.');
    expect(plural('savedPages', 1)).toBe('1 saved page');
    expect(plural('savedPages', 9)).toBe('9 saved pages');
    expect(plural('timesSaved', 1)).toBe('once');
  });
});

describe('pages', () => {
  it('mirror in Persian: <html lang="fa" dir="rtl"> and the title in Persian', async () => {
    const { localizePage, t } = await i18nIn('fa');
    const { JSDOM } = await import('jsdom');
    const { window } = new JSDOM('<!doctype html><html lang="en"><title>Samizdat</title></html>');
    localizePage('titleSettings', window.document);
    expect(window.document.documentElement.lang).toBe('fa');
    expect(window.document.documentElement.dir).toBe('rtl');
    expect(window.document.title).toBe(t('titleSettings'));
    expect(window.document.title).toBe('تنظیمات Samizdat');
  });

  it('keep Chinese left to right, in zh-CN', async () => {
    const { localizePage } = await i18nIn('zh_CN');
    const { JSDOM } = await import('jsdom');
    const { window } = new JSDOM('<!doctype html><html><title>x</title></html>');
    localizePage('titleLibrary', window.document);
    expect([window.document.documentElement.lang, window.document.documentElement.dir]).toEqual(['zh-CN', 'ltr']);
  });

  it('isolate a Latin title inside a Persian sentence, and leave English alone', async () => {
    const fa = await i18nIn('fa');
    expect(fa.isolate('Riverside')).toBe('\u2068Riverside\u2069');
    const en = await i18nIn('en');
    expect(en.isolate('Riverside')).toBe('Riverside');
    expect(en.isolate('تجمع ساکنان')).toBe('\u2068تجمع ساکنان\u2069');
  });
});

describe('rich messages', () => {
  it('put the parts where the placeholders are, in the language’s order', async () => {
    const { tParts } = await i18nIn('fa');
    const name = { element: 'strong' };
    expect(tParts('downloadReady', name, '2 MB')).toEqual([name, ' (2 MB) در دانلودهای شما ذخیره شد.']);
  });
});
