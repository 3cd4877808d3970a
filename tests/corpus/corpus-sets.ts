import { existsSync, readdirSync } from 'node:fs';
import { decodePage } from '../../utils/capture/charset';
import { CORPUS, readBytes, readText, windowFor } from '../helpers/dom';
import { postlightCases } from './postlight-expectations';

/**
 * The three evaluation sets written by others (tests/fixtures/README.md), each page with what its
 * authors expect of it, in one shape. Nothing here is tuned: each set's expectations are read as
 * published, and where a set has no expectation for a field, that field is not scored.
 */

export type SetName = 'mozilla' | 'postlight' | 'newspaper4k';

export interface Expected {
  /** The whole article's text: scored for precision and recall. */
  text?: string;
  /** Only the article's first words (Postlight): scored for whether they are kept. */
  opening?: string;
  title?: string;
  /** Author names as the set gives them. */
  authors?: string[];
  /**
   * The set's authors hold more than the names (Mozilla's raw bylines, with dates) or more names
   * than wrote the article (newspaper4k picks up names from related stories), so a result is right
   * when it names at least one and every name it gives is found in them.
   */
  authorsIncludeOthers?: boolean;
  published?: { value: string; dateOnly: boolean };
  leadImage?: string;
}

export interface CorpusPage {
  set: SetName;
  name: string;
  url: string;
  /** The page's bytes, decoded as a browser would (its meta charset, else UTF-8, else windows-1252). */
  html: string;
  expected: Expected;
}

const textOf = (html: string, url: string) => windowFor(`<body>${html}</body>`, url).document.body.textContent ?? '';
const decoded = (path: string) => decodePage(readBytes(path)).html;

/** Mozilla's 130 pages: expected text and metadata are Readability's own reference output. */
function mozilla(): CorpusPage[] {
  const root = `${CORPUS}readability/`;
  const url = 'http://fakehost/test/page.html';
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const meta = JSON.parse(readText(`${root}${name}/expected-metadata.json`)) as { title?: string | null; byline?: string | null; publishedTime?: string | null };
      return {
        set: 'mozilla' as const,
        name,
        url,
        // Mozilla's pages are stored as UTF-8 whatever their meta says, and its harness reads them so.
        html: readText(`${root}${name}/source.html.gz`),
        expected: {
          text: textOf(readText(`${root}${name}/expected.html.gz`), url),
          title: meta.title ?? undefined,
          authors: meta.byline ? [meta.byline] : undefined,
          // The reference is Readability's byline as the page printed it ("by Lucas Nolan22 Dec
          // 2016651"): the names a result gives must be in it.
          authorsIncludeOthers: true,
          published: meta.publishedTime ? { value: meta.publishedTime, dateOnly: false } : undefined,
        },
      };
    });
}

/** Postlight's pages with the values its site-specific tests expect. */
async function postlight(): Promise<CorpusPage[]> {
  const root = `${CORPUS}postlight/`;
  const seen = new Set<string>();
  const pages: CorpusPage[] = [];
  for (const c of await postlightCases(`${root}expectations`)) {
    const path = `${root}fixtures/${c.fixture}.html.gz`;
    if (seen.has(c.fixture) || !existsSync(path)) continue;
    seen.add(c.fixture);
    pages.push({
      set: 'postlight',
      name: c.fixture,
      url: c.url,
      html: decoded(path),
      expected: {
        opening: c.opening?.words.replace(/&#\d+;|&[a-z]+;/g, ' '),
        title: c.title,
        authors: c.author ? [c.author] : undefined,
        published: c.datePublished,
        leadImage: c.leadImage,
      },
    });
  }
  return pages;
}

interface Newspaper4kMetadata {
  url?: string;
  title?: string;
  authors?: string[];
  publish_date?: string | null;
  top_image?: string;
}

/** newspaper4k's pages that have an expected text; metadata where the set gives it. */
function newspaper4k(): CorpusPage[] {
  const root = `${CORPUS}newspaper4k/`;
  return readdirSync(`${root}txt`)
    .map((file) => file.replace(/\.txt$/, ''))
    .filter((name) => existsSync(`${root}html/${name}.html.gz`))
    .sort()
    .map((name) => {
      const metaPath = `${root}metadata/${name}.json`;
      const meta: Newspaper4kMetadata = existsSync(metaPath) ? JSON.parse(readText(metaPath)) : {};
      const date = meta.publish_date ?? undefined;
      return {
        set: 'newspaper4k' as const,
        name,
        url: meta.url || `http://fakehost/${name}.html`,
        html: decoded(`${root}html/${name}.html.gz`),
        expected: {
          text: readText(`${root}txt/${name}.txt`),
          title: meta.title || undefined,
          authors: meta.authors?.length ? meta.authors : undefined,
          authorsIncludeOthers: true,
          // A date at midnight without an offset is a day, not a time.
          published: date ? { value: date, dateOnly: /[T ]00:00:00$/.test(date) || /^\d{4}-\d\d-\d\d$/.test(date) } : undefined,
          leadImage: meta.top_image || undefined,
        },
      };
    });
}

export async function corpusSets(): Promise<CorpusPage[]> {
  return [...mozilla(), ...(await postlight()), ...newspaper4k()];
}
