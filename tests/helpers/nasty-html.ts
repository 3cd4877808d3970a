/**
 * Nasty documents: broken or enormous HTML of every kind a page can serve, for proving that capture
 * answers (saved, or refused with a message) and never crashes or hangs. Deterministic: the random
 * soups come from a seeded generator, so a failure names a document that can be made again.
 */

export interface NastyDocument {
  name: string;
  /** Bytes as served, with charset=utf-8 (some are deliberately not valid UTF-8). */
  bytes: Uint8Array;
}

const PARAGRAPH =
  'The harbour authority confirmed on Tuesday that the northern pier will stay closed for repairs until the spring, after inspectors found that storms had loosened the supports under the old fish market. ';
const encoder = new TextEncoder();

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

/** Enough ordinary text for Readability to find an article around whatever else is there. */
const story = (n = 6) => Array.from({ length: n }, () => `<p>${PARAGRAPH.repeat(2)}</p>`).join('');

/** mulberry32: a small seeded generator, so every soup can be made again from its seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOUP_PIECES = [
  '<div>', '</div>', '<p>', '</p>', '<span>', '</span>', '<b>', '</i>', '<i>', '</b>', '<table>', '<tr>', '<td>', '</table>',
  '<li>', '<ul>', '</ol>', '<a href="', '">', '<img src=', '<!--', '-->', '<![CDATA[', ']]>', '<script>', '</script>',
  '<style>', '</style>', '<svg><foreignObject>', '<math><mtext>', '<select><option>', '<textarea>', '<template>',
  '<noscript>', '<title>', '<form>', '<frameset>', '&', '&#0;', '&#xD800;', '&amp', '<', '>', '"', "'", '=', '\u0000',
  '\u202e', '\u200c', 'مقاله', 'статья', '文章', PARAGRAPH, PARAGRAPH, PARAGRAPH,
];

/** Random tag soup around a story, from a seed. */
function soup(seed: number, pieces: number): string {
  const random = seeded(seed);
  let out = '';
  for (let i = 0; i < pieces; i++) out += SOUP_PIECES[Math.floor(random() * SOUP_PIECES.length)];
  return page(`Soup ${seed}`, `<article><h1>Soup ${seed}</h1>${story(3)}${out}${story(3)}</article>`);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function nastyDocuments(soups = 4): NastyDocument[] {
  const html = (name: string, text: string): NastyDocument => ({ name, bytes: encoder.encode(text) });
  const deep = (tag: string, depth: number) => `${`<${tag}>`.repeat(depth)}${PARAGRAPH}${`</${tag}>`.repeat(depth)}`;
  const documents: NastyDocument[] = [
    html('unclosed tags', page('Unclosed', `<article><h1>Unclosed</h1>${story()}${'<div><p><span><b><i><table><tr><td>'.repeat(2_000)}${PARAGRAPH}`)),
    html('50,000-deep nesting', page('Deep', `<article><h1>Deep</h1>${story()}${deep('div', 50_000)}</article>`)),
    html('50,000-deep inline nesting', page('Deep inline', `<article><h1>Deep inline</h1>${story()}<p>${deep('b', 50_000)}</p></article>`)),
    html('misnested formatting 20,000 times', page('Misnested', `<article><h1>Misnested</h1>${story()}${'<b><i><u>text</b></i></u>'.repeat(20_000)}</article>`)),
    html('20 MB of text', page('Huge text', `<article><h1>Huge text</h1>${Array.from({ length: 1_000 }, () => `<p>${PARAGRAPH.repeat(100)}</p>`).join('')}</article>`)),
    html('2 MB word with no space', page('Huge word', `<article><h1>Huge word</h1>${story()}<p>${'x'.repeat(2_000_000)}</p></article>`)),
    html('50,000 paragraphs', page('Many', `<article><h1>Many</h1>${'<p>A short line of text.</p>'.repeat(50_000)}</article>`)),
    html('10 MB attribute value', page('Huge attribute', `<article><h1>Huge attribute</h1><p title="${'a'.repeat(10_000_000)}">${PARAGRAPH}</p>${story()}</article>`)),
    html('20,000 attributes on one element', page('Many attributes', `<article><h1>Many attributes</h1><p ${Array.from({ length: 20_000 }, (_, i) => `data-a${i}="${i}"`).join(' ')}>${PARAGRAPH}</p>${story()}</article>`)),
    html('NUL bytes in text, names and attributes', page('NUL\u0000bytes', `<article><h1>NUL\u0000</h1>${story().replaceAll('harbour', 'har\u0000bour')}<p\u0000 title="a\u0000b">x\u0000y</p></article>`)),
    {
      name: 'invalid UTF-8',
      bytes: concat(
        encoder.encode(page('Invalid UTF-8', `<article><h1>Invalid</h1>${story()}<p>`).replace('</p></article></body></html>', '')),
        new Uint8Array([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff, 0xfe, 0xed, 0xa0, 0x80]),
        encoder.encode(`${PARAGRAPH}</p></article></body></html>`),
      ),
    },
    html('unterminated comment', page('Comment', `<article><h1>Comment</h1>${story()}<!-- ${PARAGRAPH}`)),
    html('unterminated script', page('Script', `<article><h1>Script</h1>${story()}<script>var a = "${PARAGRAPH}`)),
    html('unterminated textarea', page('Textarea', `<article><h1>Textarea</h1>${story()}<textarea>${story()}`)),
    html('5,000 images', page('Images', `<article><h1>Images</h1>${story()}${Array.from({ length: 5_000 }, (_, i) => `<img src="/missing/${i}.png" alt="${i}">`).join('')}</article>`)),
    html('bidirectional and invisible controls', page('\u202eBidi\u202c', `<article><h1>\u202eBidi\u2066</h1>${story().replaceAll(' the ', ' \u200f\u202e\u2067the\u200c ')}</article>`)),
    html('no body at all', '<!doctype html><html><head><title>Empty</title></head></html>'),
    html('nothing but a frameset', '<!doctype html><html><head><title>Frames</title></head><frameset><frame src="/a"></frameset></html>'),
    html('a body of whitespace', page('Blank', ' \n\t '.repeat(10_000))),
  ];
  for (let seed = 1; seed <= soups; seed++) documents.push(html(`random tag soup #${seed}`, soup(seed, 20_000)));
  return documents;
}
