import { serve } from '../../../scripts/serve.mjs';
import { hostileArticle } from './hostile-pages';

/**
 * A newsroom and its censor, on the loopback (issue 22): each article is served as published until
 * `censor()`, then as what happened to it, each from a site of its own (`<fate>.localhost`: a check
 * asks no site twice within seconds). The block page that one of them is redirected to is on a
 * second server, at an address that matches one of OONI's signatures
 * (`cl.isp_ae_du_surfsafely_forward_1`, "index2.php?ucat=").
 */
export type Fate =
  | 'steady' // the article stays; ads, the time and "most read" around it change at every request
  | 'edited' // a paragraph removed and the headline softened
  | 'gone-404'
  | 'gone-410'
  | 'sent-home' // a 301 to the site's home page
  | 'not-found-page' // a 200 "page not found" template
  | 'legal-451'
  | 'block-redirect' // a 302 to a known block page on another host
  | 'block-page' // a 200 page that is a known national block page (ooni.ru_4)
  | 'reset' // the connection closed without an answer
  | 'hang' // never answers, until `stopHanging()`; then closes the connection
  | 'flaky-503' // a 503 until `recover()`, then the article again
  | 'scripted'; // the article only rendered by scripts

export const FATES: Fate[] = ['steady', 'edited', 'gone-404', 'gone-410', 'sent-home', 'not-found-page', 'legal-451', 'block-redirect', 'block-page', 'reset', 'hang', 'flaky-503', 'scripted'];

export async function startNewsroom(fates: Fate[] = FATES) {
  const censorHost = await serve({ '/index2.php': { body: '<!doctype html><html><body><h1>This site has been blocked</h1></body></html>', type: 'text/html; charset=utf-8' } });
  const site = await serve({ '/': { body: '<!doctype html><html><head><title>The Harbour Gazette</title></head><body><h1>The Harbour Gazette</h1><p>Latest news.</p></body></html>', type: 'text/html; charset=utf-8' } });
  let censored = false;
  let requestNumber = 0;
  let flaky = true;
  let hanging = true;
  const pathOf = (fate: Fate) => `/news/${fate}.html`;
  const article = (fate: Fate, n: number) => hostileArticle({ id: fate, payload: '' }, n);

  fates.forEach((fate, n) => {
    site.route(pathOf(fate), {
      respond: () => {
        requestNumber += 1;
        const live = article(fate, n);
        if (fate === 'steady') return { body: live.replace('</main>', `</main><aside>Most read at ${Date.now()}</aside><div class="ad">Offer ${requestNumber}</div>`) };
        if (!censored) return { body: live };
        switch (fate) {
          case 'edited':
            return { body: live.replace(/Harbour report \d+/g, 'Harbour works').replace(/<p>The council has promised[^<]*<\/p>/, '') };
          case 'gone-404':
            return { status: 404, body: '<h1>Not Found</h1>' };
          case 'gone-410':
            return { status: 410, body: '<h1>Gone</h1>' };
          case 'sent-home':
            return { status: 301, headers: { location: '/' } };
          case 'not-found-page':
            return { body: '<!doctype html><html><head><title>Page not found — The Harbour Gazette</title></head><body><h1>Page not found</h1><p>Try the search.</p></body></html>' };
          case 'legal-451':
            return { status: 451, body: '<h1>Unavailable For Legal Reasons</h1>' };
          case 'block-redirect':
            return { status: 302, headers: { location: `http://blockpage.localhost:${censorHost.port}/index2.php?ucat=61` } };
          case 'block-page':
            return { body: '<!doctype html><html><head><meta charset="utf-8"></head><body><h1>Доступ к запрашиваемому ресурсу закрыт.</h1><p>Ресурс включён в единый реестр.</p></body></html>' };
          case 'reset':
            return 'reset';
          case 'hang':
            return hanging ? 'hang' : 'reset';
          case 'flaky-503':
            return flaky ? { status: 503, body: 'Service Unavailable' } : { body: live };
          case 'scripted':
            return { body: `<!doctype html><html><head><title>Harbour report ${n}</title><meta name="author" content="Harbour Desk"></head><body><div id="root"></div><script src="/app.js"></script></body></html>` };
          default:
            return { body: live };
        }
      },
    });
  });
  // What the scripted page's script draws: the article, as it was (a check, which runs no script, sees none of it).
  const scriptedArticle = /<body>([\s\S]*)<\/body>/.exec(article('scripted', fates.indexOf('scripted')))![1]!;
  site.route('/app.js', { body: `document.getElementById('root').innerHTML = ${JSON.stringify(scriptedArticle)};`, type: 'text/javascript' });
  // A page that names its address on a site Samizdat was not allowed (and that does not exist: a
  // check asks it nothing, which is what the test proves).
  const elsewhere = 'http://elsewhere.example/news/elsewhere.html';
  site.route('/news/elsewhere.html', { body: article('steady', 99).replace('<head>', `<head><link rel="canonical" href="${elsewhere}">`), type: 'text/html; charset=utf-8' });
  return {
    url: site.url,
    /** Loaded from 127.0.0.1, filed (and checked) under an address on a site not allowed. */
    elsewhere: { loaded: `${site.url}/news/elsewhere.html`, canonical: elsewhere },
    addressOf: (fate: Fate) => `http://${fate}.localhost:${site.port}${pathOf(fate)}`,
    requestsFor: (fate: Fate) => site.requests.filter((path) => path === pathOf(fate)).length,
    censorRequests: () => censorHost.requests.length,
    /** From now on, each article is served as what happened to it. */
    censor: () => {
      censored = true;
    },
    /** The one that never answered closes its connections from now on; the one that failed with 503 answers again. */
    nextDay: () => {
      hanging = false;
      flaky = false;
    },
    site,
    close: async () => {
      await site.close();
      await censorHost.close();
    },
  };
}

export type Newsroom = Awaited<ReturnType<typeof startNewsroom>>;
