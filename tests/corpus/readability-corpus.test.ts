import { readdirSync } from 'node:fs';
import { Readability } from '@mozilla/readability';
import { afterAll, describe, expect, it } from 'vitest';
import { capturePage } from '../../utils/capture/capture-page';
import { srcsetCandidates } from '../../utils/capture/images';
import { ORIGINAL_SRC_ATTR } from '../../utils/safety/sanitize';
import { CORPUS, readText, windowFor } from '../helpers/dom';
import { KNOWN_DIFFERENCES, metadataForm, type KnownDifference } from './known-differences';
import { overlap } from './shingles';

/** The URL Mozilla's expected output was made at. */
const PAGE_URL = 'http://fakehost/test/page.html';
const ROOT = `${CORPUS}readability/`;
const PAGES = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface ExpectedMetadata {
  title: string | null;
  byline: string | null;
  dir: string | null;
  lang: string | null;
  excerpt: string | null;
  siteName: string | null;
  publishedTime: string | null;
  readerable: boolean;
}

/** Text with all white space removed: compares words and their order, not layout. */
const squeeze = (text: string) => text.replace(/[\s\u00a0\u200b]+/g, '');

function textOfHtml(html: string): string {
  return windowFor(`<body>${html}</body>`, PAGE_URL).document.body.textContent ?? '';
}

/** One row of the report that `npm run corpus` prints. */
interface Row {
  page: string;
  precision: number;
  recall: number;
  metadataAgree: number;
  metadataCompared: number;
  imagesKept: number;
  imagesExpected: number;
}
const rows: Row[] = [];
const MIN_MEAN_RECALL = 0.99;

function printReport(): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  const lines = [
    `${'page'.padEnd(44)} ${'recall'.padStart(7)} ${'precis.'.padStart(7)} ${'metadata'.padStart(8)} ${'images'.padStart(7)}`,
    ...rows.map((r) => `${r.page.padEnd(44)} ${pct(r.recall)} ${pct(r.precision)} ${`${r.metadataAgree}/${r.metadataCompared}`.padStart(8)} ${`${r.imagesKept}/${r.imagesExpected}`.padStart(7)}`),
  ];
  const mean = (f: (r: Row) => number) => rows.reduce((sum, r) => sum + f(r), 0) / rows.length;
  const sum = (f: (r: Row) => number) => rows.reduce((total, r) => total + f(r), 0);
  lines.push(
    `mean of ${rows.length} pages`.padEnd(44) +
      ` ${pct(mean((r) => r.recall))} ${pct(mean((r) => r.precision))} ${`${sum((r) => r.metadataAgree)}/${sum((r) => r.metadataCompared)}`.padStart(8)} ${`${sum((r) => r.imagesKept)}/${sum((r) => r.imagesExpected)}`.padStart(7)}`,
  );
  process.stdout.write(`\nSamizdat capture against Readability's reference output (4-word shingles of \\w+ tokens)\n${lines.join('\n')}\n\n`);
}

describe('the Readability corpus, through Samizdat capture', () => {
  it('has all 130 pages', () => {
    expect(PAGES.length).toBe(130);
  });

  afterAll(() => {
    printReport();
  });

  it.each(PAGES)('%s', (name) => {
    scorePage(name);
  });

  it(`keeps a mean text recall of at least ${MIN_MEAN_RECALL} over the corpus`, () => {
    expect(rows.length).toBe(PAGES.length);
    expect(rows.reduce((sum, r) => sum + r.recall, 0) / rows.length).toBeGreaterThanOrEqual(MIN_MEAN_RECALL);
  });
});

function scorePage(name: string): void {
  const known: KnownDifference = KNOWN_DIFFERENCES[name] ?? { why: '' };
  const expected = JSON.parse(readText(`${ROOT}${name}/expected-metadata.json`)) as ExpectedMetadata;
  const win = windowFor(readText(`${ROOT}${name}/source.html.gz`), PAGE_URL);
  // Pages that do not look like articles are refused; the rest of this test still checks what
  // capture would keep from them, as a user who insists on saving one would get it.
  const first = capturePage(win.document, win);
  if (!first.ok) {
    expect(first.reason).toBe('not-an-article');
    expect(expected.readerable, 'refused a page Readability calls readerable').toBe(false);
  }
  const outcome = first.ok ? first : capturePage(win.document, win, { keepNonArticle: true });
  if (!outcome.ok) throw new Error(`capture refused: ${outcome.reason}`);
  const capture = outcome.capture;

  // Metadata as Mozilla's harness compares it: four fields always, three where expected is not
  // null (an absent key counts as null), after the one rule all fields share (metadataForm).
  type Field = 'title' | 'byline' | 'excerpt' | 'siteName' | 'dir' | 'lang' | 'publishedTime';
  const field = (key: Field) => (known.metadata && key in known.metadata ? known.metadata[key] : metadataForm(expected[key]));
  let metadataAgree = 0;
  let metadataCompared = 0;
  for (const key of ['title', 'byline', 'excerpt', 'siteName', 'dir', 'lang', 'publishedTime'] as const) {
    if (['dir', 'lang', 'publishedTime'].includes(key) && expected[key] == null) continue;
    metadataCompared++;
    if (metadataForm(capture[key]) === field(key)) metadataAgree++;
    expect.soft(metadataForm(capture[key]), key).toBe(field(key));
  }

  // Every word Readability keeps, Samizdat keeps, in the same order (minus listed differences).
  const referenceHtml = known.textFromReleasedReadability
    ? new Readability(windowFor(readText(`${ROOT}${name}/source.html.gz`), PAGE_URL).document, { classesToPreserve: ['caption'] }).parse()?.content ?? ''
    : readText(`${ROOT}${name}/expected.html.gz`);
  let expectedText = squeeze(textOfHtml(referenceHtml));
  for (const prompt of known.promptsRemoved ?? []) {
    expect(expectedText.includes(squeeze(prompt)), `listed prompt "${prompt}" is in the reference`).toBe(true);
    expectedText = expectedText.replace(squeeze(prompt), '');
  }
  // Contained, not equal: capture may add the lead figure that Readability left out.
  expect.soft(squeeze(capture.text).includes(expectedText), 'text keeps all of Readability’s text').toBe(true);

  // Every image Readability keeps is kept: as an address to fetch, or inline data. Capture may
  // pick another size of the same picture from srcset (CDNs put sizes in the query or the
  // path), so a picture is its host and file name. file: images point at the page author's own
  // disk and cannot be kept by anyone; they are not counted.
  const picture = (url: string) => {
    const u = new URL(url, PAGE_URL);
    return u.protocol === 'data:' ? url : `${u.host}/${u.pathname.split('/').pop()}`;
  };
  let imagesKept = 0;
  let imagesExpected = 0;
  const keptImages = new Set(Array.from(windowFor(`<body>${capture.html}</body>`, PAGE_URL).document.querySelectorAll('img'))
    .map((img) => img.getAttribute(ORIGINAL_SRC_ATTR) ?? img.getAttribute('src'))
    .filter((url): url is string => !!url)
    .map(picture));
  for (const img of windowFor(`<body>${readText(`${ROOT}${name}/expected.html.gz`)}</body>`, PAGE_URL).document.querySelectorAll('img')) {
    const offered = [img.getAttribute('src'), ...srcsetCandidates(img.getAttribute('srcset') ?? '').map((c) => c.url)]
      .filter((url): url is string => !!url && !/^file:/i.test(new URL(url, PAGE_URL).href));
    if (offered.length === 0) continue;
    imagesExpected++;
    if (offered.some((url) => keptImages.has(picture(url)))) imagesKept++;
    expect.soft(offered.some((url) => keptImages.has(picture(url))), `image ${offered[0]}`).toBe(true);
  }

  // Nothing that runs or loads by itself survives.
  const stored = windowFor(`<body>${capture.html}</body>`, PAGE_URL).document;
  expect.soft(stored.querySelectorAll('script').length, 'script elements').toBe(0);
  for (const element of stored.body.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const where = `${element.tagName.toLowerCase()}[${attribute.name}="${attribute.value.slice(0, 60)}"]`;
      expect.soft(attribute.name.startsWith('on'), `handler ${where}`).toBe(false);
      expect.soft(/^\s*javascript:/i.test(attribute.value), `javascript: URL ${where}`).toBe(false);
      if (attribute.name === 'src' || attribute.name === 'srcset') {
        expect.soft(/^\s*data:/i.test(attribute.value), `remote ${where}`).toBe(true);
      }
    }
  }

  rows.push({ page: name, ...overlap(capture.text, textOfHtml(referenceHtml)), metadataAgree, metadataCompared, imagesKept, imagesExpected });
}
