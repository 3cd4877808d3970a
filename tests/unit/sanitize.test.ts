import { afterAll, describe, expect, it } from 'vitest';
import { ORIGINAL_SRC_ATTR, resanitizeHtml, sanitizeHtml, sanitizeToFragment } from '../../utils/safety/sanitize';
import { recordCases } from '../helpers/case-count';
import { CORPUS, readText, windowFor } from '../helpers/dom';

const win = windowFor('<!doctype html><body></body>', 'https://news.example/story');

interface XssCase {
  title?: string;
  payload: string;
}
const XSS_CASES = JSON.parse(readText(`${CORPUS}xss/dompurify-expect.json`)) as XssCase[];

const URL_ATTRIBUTES = ['src', 'srcset', 'href', 'xlink:href', 'action', 'formaction', 'background', 'poster', 'style', 'data', 'codebase', 'cite', 'ping', 'srcdoc'];

/** Everything in sanitized output that could run or load: the list each case is checked against. */
function dangersIn(html: string): string[] {
  const doc = windowFor(`<!doctype html><body>${html}</body>`, 'https://news.example/story').document;
  const found: string[] = [];
  for (const element of doc.body.querySelectorAll('*')) {
    const tag = element.localName;
    if (['script', 'iframe', 'object', 'embed', 'frame', 'base', 'meta', 'link', 'style', 'form', 'svg', 'video', 'audio', 'source'].includes(tag)) found.push(`<${tag}>`);
    for (const { name, value } of element.attributes) {
      if (/^on/i.test(name)) found.push(`${tag}[${name}]`);
      if (URL_ATTRIBUTES.includes(name)) {
        // A link may go to the web or nowhere special (a relative path, a fragment), never to
        // another scheme; anything else that names a source must be an inline image.
        const schemeOf = /^\s*([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
        const local = name === 'href' ? !schemeOf || ['http', 'https', 'mailto'].includes(schemeOf) : /^data:image\//i.test(value.trim());
        if (!local) found.push(`${tag}[${name}=${value.slice(0, 30)}]`);
      }
    }
  }
  return found;
}

describe('the sanitizer against DOMPurify’s own attack suite', () => {
  let tried = 0;
  afterAll(() => recordCases(import.meta.url, [{ kind: 'payloads', what: 'DOMPurify attack strings through our policy, twice, in Node', count: tried }]));
  it('has all 223 cases', () => expect(XSS_CASES.length).toBe(223));

  it.each(XSS_CASES.map((c, i) => [i, c.title ?? c.payload.slice(0, 60), c.payload] as const))('case %i: %s', (_i, _title, payload) => {
    tried += 1;
    const once = sanitizeHtml(payload, win);
    expect(dangersIn(once)).toEqual([]);
    // The reader sanitizes stored HTML again; mutation XSS may reshape it, never into danger.
    expect(dangersIn(resanitizeHtml(once, win))).toEqual([]);
  });
});

describe('the sanitizer in Samizdat’s setting', () => {
  it.each([
    ['remote image kept as a record, not loaded', '<img src="https://cdn.example/a.jpg" srcset="https://cdn.example/a2.jpg 2x" alt="A">', `<img alt="A" ${ORIGINAL_SRC_ATTR}="https://cdn.example/a.jpg">`],
    ['inline data image kept', '<img src="data:image/png;base64,AAAA" alt="x">', '<img src="data:image/png;base64,AAAA" alt="x">'],
    ['CSS that loads is gone', '<p style="background:url(https://t.example/p.gif)">t</p>', '<p>t</p>'],
    ['style elements are gone', '<style>@import url(https://t.example/x.css)</style><p>t</p>', '<p>t</p>'],
    ['meta refresh is gone', '<meta http-equiv="refresh" content="0;url=https://t.example"><p>t</p>', '<p>t</p>'],
    ['base is gone', '<base href="https://t.example/"><p>t</p>', '<p>t</p>'],
    ['forms are gone, their words kept', '<form action="https://t.example"><input name="q"><button>Go</button></form><p>t</p>', 'Go<p>t</p>'],
    ['iframes and srcdoc are gone', '<iframe srcdoc="<script>parent.x=1</script>" src="https://t.example"></iframe><p>t</p>', '<p>t</p>'],
    ['object and embed are gone', '<object data="https://t.example/x.swf"></object><embed src="https://t.example/y"><p>t</p>', '<p>t</p>'],
    ['javascript: links lose their href', '<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['data: links lose their href', '<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a>x</a>'],
    ['links open only on click, without referrer or opener', '<a href="https://live.example/" target="_self">x</a>', '<a href="https://live.example/" rel="noopener noreferrer nofollow" target="_blank">x</a>'],
    ['SVG with external references is gone', '<svg><use href="https://t.example/s.svg#a"></use></svg><p>t</p>', '<p>t</p>'],
    ['video and audio are gone', '<video src="https://t.example/v.mp4" poster="https://t.example/p.jpg"></video><p>t</p>', '<p>t</p>'],
    ['vbscript: and blob: links lose their href', '<a href="vbscript:x">a</a><a href="blob:https://x/1">b</a>', '<a>a</a><a>b</a>'],
    ['a page cannot write where an image came from', '<img src="https://cdn.example/real.jpg" data-samizdat-src="https://evil.example/other.jpg" alt="A">', `<img alt="A" ${ORIGINAL_SRC_ATTR}="https://cdn.example/real.jpg">`],
    ['only images name a source', '<math><mglyph src="https://t.example/g.png"></mglyph></math><p>t</p>', '<math><mglyph></mglyph></math><p>t</p>'],
  ])('%s', (_name, input, expected) => {
    expect(sanitizeHtml(input, win)).toBe(expected);
  });

  it.each([
    ['table spans', '<table><tbody><tr><td colspan="2" rowspan="3">x</td></tr></tbody></table>'],
    ['direction and language of a passage', '<p dir="rtl" lang="fa">متن</p>'],
    ['where a numbered list starts', '<ol start="4" reversed=""><li>x</li></ol>'],
    ['machine-readable times', '<p><time datetime="2024-03-02T08:30:00+02:00">2 March</time></p>'],
    ['image size', '<img width="320" height="180" alt="A" src="data:image/png;base64,AAAA">'],
    ['quotes citing their source', '<blockquote cite="https://source.example/a">q</blockquote>'],
    ['abbreviations', '<abbr title="Federal Security Service">FSB</abbr>'],
  ])('keeps %s', (_name, html) => {
    const out = sanitizeHtml(html, win);
    expect(windowFor(`<body>${out}</body>`, 'https://x/').document.body.innerHTML).toBe(windowFor(`<body>${html}</body>`, 'https://x/').document.body.innerHTML);
  });

  it('keeps Samizdat’s own image records when stored HTML is sanitized again', () => {
    const stored = sanitizeHtml('<img src="https://cdn.example/a.jpg" alt="A">', win);
    expect(resanitizeHtml(stored, win)).toBe(stored);
    expect(sanitizeToFragment(stored, win).firstElementChild?.getAttribute(ORIGINAL_SRC_ATTR)).toBe('https://cdn.example/a.jpg');
  });

  it('hands the reader a fragment, so no page assigns innerHTML', () => {
    const fragment = sanitizeToFragment('<p onclick="x()">Hello <img src="https://cdn.example/a.jpg" alt="A"></p>', win);
    expect(fragment.childNodes.length).toBe(1);
    const p = fragment.firstChild as Element;
    expect(p.outerHTML).toBe(`<p>Hello <img alt="A" ${ORIGINAL_SRC_ATTR}="https://cdn.example/a.jpg"></p>`);
  });

  it('finishes only the markup a render asks for, not a fragment or a capture made meanwhile', () => {
    let fragment: DocumentFragment | undefined;
    let captured: string | undefined;
    const rendered = resanitizeHtml('<p><a href="https://a.example/">a</a></p>', win, (element) => {
      element.setAttribute('title', 'finished');
      fragment ??= sanitizeToFragment('<a href="https://b.example/">b</a>', win);
      captured ??= sanitizeHtml('<a href="https://c.example/">c</a>', win);
    });
    expect(rendered).toContain('title="finished"');
    expect(fragment!.firstElementChild!.hasAttribute('title')).toBe(false);
    expect(captured).not.toContain('title=');
  });
});
