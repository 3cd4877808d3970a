import { fileURLToPath } from 'node:url';
import { serve } from '../../../scripts/serve.mjs';

const SEED = fileURLToPath(new URL('../../../../shared/fixtures/seed-article/', import.meta.url));
const PAGES = fileURLToPath(new URL('../../fixtures/pages/', import.meta.url));

/** Where each test page lives on the local server. */
export const PATHS = {
  seed: '/2022/04/07/paratroopers.html',
  photoReport: '/news/photo-report.html',
  signIn: '/sign-in.html',
  photo: '/photo.png',
} as const;

/** The test site on 127.0.0.1: the seed article (first version), a photo report and a sign-in page. */
export async function startSite() {
  const site = await serve({
    [PATHS.seed]: `${SEED}article.html`,
    '/logo.png': `${SEED}logo.png`,
    [PATHS.photoReport]: `${PAGES}photo-report.html`,
    [PATHS.photo]: `${SEED}logo.png`,
    [PATHS.signIn]: `${PAGES}sign-in.html`,
  });
  return {
    ...site,
    /** Serve the quietly edited version of the seed article at the same address. */
    editSeed: () => site.route(PATHS.seed, `${SEED}article-edited.html`),
    countOf: (path: string) => site.requests.filter((p) => p === path).length,
  };
}

export type Site = Awaited<ReturnType<typeof startSite>>;
