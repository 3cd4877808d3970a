import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { serve } from '../../../scripts/serve.mjs';

const SEED = fileURLToPath(new URL('../../../scripts/sample-site/', import.meta.url));
const PAGES = fileURLToPath(new URL('../../fixtures/pages/', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../fixtures/readability/', import.meta.url));

/** Chinese pages of Mozilla's corpus, served as they are. */
export const CHINESE_PAGES = ['qq', 'gmw', 'youth'] as const;

/** A two-character word from the text Readability keeps of a corpus page. */
export function chineseWordOf(name: string): string {
  const text = gunzipSync(readFileSync(`${CORPUS}${name}/expected.html.gz`)).toString('utf8').replace(/<[^>]+>/g, '');
  return text.match(/\p{Script=Han}{2}/u)![0];
}

/** Where each test page lives on the local server. */
export const PATHS = {
  seed: '/2022/04/07/paratroopers.html',
  photoReport: '/news/photo-report.html',
  signIn: '/sign-in.html',
  photo: '/photo.png',
  /** An article whose photo lives on another site (http://localhost:PORT, the same server). */
  wireReport: '/news/wire-report.html',
  wirePhoto: '/photos/port.png',
  russian: '/ru/hospital.html',
  persian: '/fa/hospital.html',
  /** A report whose JSON-LD states paragraphs that Readability drops, and more than the page shows. */
  statedBody: '/news/court-fines.html',
} as const;

/** The test site on 127.0.0.1: the seed article (first version), a photo report and a sign-in page. */
export async function startSite() {
  const site = await serve({
    [PATHS.seed]: `${SEED}article.html`,
    '/logo.png': `${SEED}logo.png`,
    '/paratroopers.png': `${SEED}paratroopers.png`,
    [PATHS.photoReport]: `${PAGES}photo-report.html`,
    [PATHS.photo]: `${PAGES}photo.png`,
    [PATHS.signIn]: `${PAGES}sign-in.html`,
    // Served as the file says, not as UTF-8: the page names its own encoding in a <meta>.
    [PATHS.russian]: { file: `${PAGES}cp1251.html`, type: 'text/html' },
    [PATHS.persian]: `${PAGES}persian.html`,
    [PATHS.statedBody]: `${PAGES}stated-body.html`,
    ...Object.fromEntries(CHINESE_PAGES.map((name) => [`/zh/${name}.html`, `${CORPUS}${name}/source.html.gz`])),
  });
  // The same server under another name is another site: its images need the user's permission.
  const imageOrigin = `http://localhost:${site.port}`;
  site.route(PATHS.wireReport, { body: readFileSync(`${PAGES}wire-report.html`, 'utf8').replaceAll('{{IMAGE_ORIGIN}}', imageOrigin), type: 'text/html; charset=utf-8' });
  site.route(PATHS.wirePhoto, `${PAGES}photo.png`);
  return {
    ...site,
    imageOrigin,
    /** Serve the quietly edited version of the seed article at the same address. */
    editSeed: () => site.route(PATHS.seed, `${SEED}article-edited.html`),
    countOf: (path: string) => site.requests.filter((p) => p === path).length,
  };
}

export type Site = Awaited<ReturnType<typeof startSite>>;
