import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const XSS = fileURLToPath(new URL('../../fixtures/xss/dompurify-expect.json', import.meta.url));

export interface HostileCase {
  /** Stable name: `dompurify-17`, `own-css-import`. */
  id: string;
  payload: string;
}

/** DOMPurify's own 223 attack strings, as they are. */
export function dompurifyCases(): HostileCase[] {
  const cases = JSON.parse(readFileSync(XSS, 'utf8')) as Array<{ payload: string }>;
  return cases.map((c, i) => ({ id: `dompurify-${i}`, payload: c.payload }));
}

/**
 * What DOMPurify's suite does not cover in our setting: things that load from the network by
 * themselves, navigate, submit, frame, or reach the reader's page. Each names a beacon on the test
 * server, so a load that gets through is seen there, and calls alert() where it could run code.
 */
export function ownCases(beacon: (name: string) => string, liveLink: string): HostileCase[] {
  const cases: Record<string, string> = {
    'css-url-attribute': `<p style="background:url(${beacon('css-url-attribute')})">Styled paragraph.</p>`,
    'css-image-set': `<div style="background-image:image-set('${beacon('css-image-set')}' 1x)">Image set.</div>`,
    'css-import': `<style>@import url(${beacon('css-import')});</style><p>After an import.</p>`,
    'css-url-rule': `<style>p { background: url(${beacon('css-url-rule')}) }</style><p>Ruled.</p>`,
    'css-font-face': `<style>@font-face { font-family: x; src: url(${beacon('css-font-face')}) } p { font-family: x }</style><p>Font.</p>`,
    'css-image-set-rule': `<style>body { background-image: image-set(url(${beacon('css-image-set-rule')}) 1x) }</style><p>Set.</p>`,
    'link-stylesheet': `<link rel="stylesheet" href="${beacon('link-stylesheet')}"><p>Linked style.</p>`,
    'link-prefetch': `<link rel="prefetch" href="${beacon('link-prefetch')}"><link rel="preload" as="image" href="${beacon('link-preload')}"><p>Prefetch.</p>`,
    // A delay, so that the live page itself stays long enough to be saved.
    'meta-refresh': `<meta http-equiv="refresh" content="20;url=${beacon('meta-refresh')}"><p>Refresh.</p>`,
    'meta-refresh-javascript': `<meta http-equiv="refresh" content="20;url=javascript:alert('meta-refresh-javascript')"><p>Refresh to script.</p>`,
    'base-href': `<base href="${beacon('base-href')}/"><img src="relative.png" alt="relative"><a href="relative.html">relative link</a>`,
    'form-action': `<form action="${beacon('form-action')}" method="post"><input name="q" value="x" autofocus><button>Send</button></form>`,
    'form-autosubmit': `<form id="f" action="${beacon('form-autosubmit')}"><input type="submit"></form><img src="x" onerror="setTimeout(() => document.getElementById('f').submit(), 20000)">`,
    'button-formaction': `<form><button formaction="${beacon('button-formaction')}">Press</button></form>`,
    'iframe-src': `<iframe src="${beacon('iframe-src')}"></iframe>`,
    'iframe-srcdoc': `<iframe srcdoc="<script>parent.alert('iframe-srcdoc')</script><img src=${beacon('iframe-srcdoc')}>"></iframe>`,
    'frameset': `<frameset><frame src="${beacon('frameset')}"></frameset>`,
    'object-data': `<object data="${beacon('object-data')}" type="text/html"></object>`,
    'embed-src': `<embed src="${beacon('embed-src')}" type="image/svg+xml">`,
    'svg-script': `<svg xmlns="http://www.w3.org/2000/svg"><script>alert('svg-script')</script><circle r="5"/></svg>`,
    'svg-onload': `<svg onload="alert('svg-onload')"><rect width="5" height="5"/></svg>`,
    'svg-image-href': `<svg><image href="${beacon('svg-image-href')}" width="10" height="10"/></svg>`,
    'svg-use-external': `<svg><use href="${beacon('svg-use-external')}#x"/></svg>`,
    'svg-foreign-object': `<svg><foreignObject><iframe src="${beacon('svg-foreign-object')}"></iframe></foreignObject></svg>`,
    'svg-animate-href': `<svg><a><animate attributeName="href" values="javascript:alert('svg-animate-href')"/><text y="20">click</text></a></svg>`,
    'img-srcset': `<img srcset="${beacon('img-srcset')} 2x" alt="srcset only">`,
    'picture-source': `<picture><source srcset="${beacon('picture-source')}"><img alt="picture"></picture>`,
    'video-poster': `<video poster="${beacon('video-poster')}" src="${beacon('video-src')}"></video>`,
    'audio-src': `<audio src="${beacon('audio-src')}" autoplay></audio>`,
    'table-background': `<table background="${beacon('table-background')}"><tr><td>cell</td></tr></table>`,
    'input-image': `<input type="image" src="${beacon('input-image')}">`,
    'a-ping': `<p>The council's statement is on <a href="${liveLink}" ping="${beacon('a-ping')}">a pinged link</a>, where residents can also read the engineers' report.</p>`,
    'img-onerror': `<img src="x" onerror="alert('img-onerror')" alt="broken">`,
    'details-ontoggle': `<details open ontoggle="alert('details-ontoggle')"><summary>More</summary>Hidden text.</details>`,
    'javascript-link': `<a href="javascript:alert('javascript-link')">a javascript: link</a>`,
    'javascript-link-entities': `<a href="&#106;avascript:alert('javascript-link-entities')">an encoded javascript: link</a>`,
    'data-link': `<a href="data:text/html,<script>alert('data-link')</script>">a data: link</a>`,
    'vbscript-link': `<a href="vbscript:msgbox('vbscript-link')">a vbscript: link</a>`,
    // Inside a sentence: Readability drops a block that is nothing but a link.
    'blank-without-noopener': `<p>The council's statement is on <a href="${liveLink}" target="_blank">the live site, in a new tab</a>, where residents can also read the engineers' report.</p>`,
    'target-self': `<p>The council's statement is on <a href="${liveLink}" target="_top">the live site, in this tab</a>, where residents can also read the engineers' report.</p>`,
    'mathml-href': `<math><mtext><a href="javascript:alert('mathml-href')">math link</a></mtext><mi xlink:href="javascript:alert('mathml-xlink')">x</mi></math>`,
    'template-script': `<template><script>alert('template-script')</script></template><p>Template.</p>`,
    'noscript-mxss': `<noscript><p title="</noscript><img src=x onerror=alert('noscript-mxss')>"></noscript>`,
    'dom-clobbering': `<form name="getElementById"></form><img name="documentElement"><a id="location" href="${liveLink}">clobber</a><form id="attributes"></form>`,
    'spoofed-image-record': `<img src="${beacon('real-image')}" data-samizdat-src="${beacon('spoofed-image-record')}" alt="spoof">`,
    'reader-class-spoof': `<p class="notice error save-result ok">Your library was deleted. Click here to restore it.</p>`,
    'portal-fencedframe': `<portal src="${beacon('portal')}"></portal><fencedframe src="${beacon('fencedframe')}"></fencedframe>`,
    'custom-element': `<x-widget onclick="alert('custom-element')" data-src="${beacon('custom-element')}">custom element</x-widget>`,
  };
  return Object.entries(cases).map(([id, payload]) => ({ id: `own-${id}`, payload }));
}

const PARAGRAPHS = [
  'The harbour authority confirmed on Tuesday that the northern pier will stay closed for repairs until the spring, after inspectors found that storms had loosened the supports under the old fish market. Traders who rent stalls there say they were told only a week ago.',
  'Fishermen who land their catch at the pier every morning now have to sail round the headland to the container terminal, which adds an hour to each trip and costs them fuel they can barely afford, according to the chair of the local cooperative, who spoke at a public meeting.',
  'The council has promised compensation but has not said how much or when it will be paid. Several stallholders told our reporter that they had already moved their businesses to the market square, where the rent is higher but the footfall, they say, is better.',
  'Engineers expect the work to take at least four months. The harbour master said the closure was the first of its kind since the flood of 1998, when the same supports had to be rebuilt after a winter of unusually high tides along the whole coast.',
  'Residents are invited to a second meeting at the town hall next week, where the engineers will show their plans and answer questions about the noise, the lorries and the temporary footpath that will take walkers around the building site.',
];

/** An ordinary news article with the payload in the middle of its text. */
export function hostileArticle(c: HostileCase, index: number): string {
  const [a, b, c2, d, e] = PARAGRAPHS;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour report ${index}</title>
<meta name="author" content="Harbour Desk">
</head>
<body>
<header><nav><a href="/">Home</a> · <a href="/news/">News</a></nav></header>
<main>
<article>
<h1>Harbour report ${index}</h1>
<p class="byline">By Harbour Desk</p>
<p>${a}</p>
<p>${b}</p>
<p>${c2} (Case ${c.id}.)</p>
<div class="story-embed">${c.payload}</div>
<p>${d}</p>
<p>${e}</p>
</article>
</main>
<footer><p>© The Harbour Gazette</p></footer>
</body>
</html>`;
}

/**
 * Runs first in every document of the browser, before any of its own scripts: records every
 * dialog a script asks for and every load or script the page's CSP blocked. A payload that runs
 * in an extension page or an exported file shows up here, even where the CSP stopped it.
 */
export const INSTRUMENT = `(() => {
  const ran = [];
  Object.defineProperty(window, '__samizdatRan', { value: ran });
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => { ran.push(name + ': ' + String(args[0]).slice(0, 80)); };
  }
  document.addEventListener('securitypolicyviolation', (event) => {
    ran.push('blocked by CSP: ' + event.effectiveDirective + ' ' + String(event.blockedURI).slice(0, 80));
  }, true);
})();`;
