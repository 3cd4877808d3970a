import { describe, expect, it } from 'vitest';
import { capturePage } from '../../utils/capture/capture-page';
import { isPrompt, removeBoilerplate } from '../../utils/capture/boilerplate';
import { windowFor } from '../helpers/dom';

/**
 * The capture's recovery and cleaning rules, each on a small page of its own (issue 26): what the
 * page states as its article and Readability dropped is put back in place; what every reader
 * knows is not the article is taken out; nothing else moves.
 */

const URL_ = 'https://news.example/2024/05/story';
const para = (n: number) =>
  `<p>Paragraph ${n} of the report tells what the witnesses saw on the square that morning, in their own words, and what the police said afterwards.</p>`;
const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;

function capture(head: string, body: string) {
  const win = windowFor(`<!doctype html><html lang="en"><head><title>Witnesses on the square</title>${head}</head><body>${body}</body></html>`, URL_);
  const outcome = capturePage(win.document, win);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.capture;
}

/** The lines of a capture's text that mention a marker, in order. */
const order = (text: string, markers: string[]) => markers.map((m) => text.indexOf(m));

// Readability drops a block whose class says "sidebar" or "share" (its unlikely candidates).
const DROPPED = '<div class="sidebar-box"><p>The minister said on Tuesday that no one had been detained, which the witnesses dispute.</p></div>';
const ARTICLE = `<article><h1>Witnesses on the square</h1>${para(1)}${para(2)}${DROPPED}${para(3)}${para(4)}${para(5)}</article>`;
const STATED = [1, 2].map((n) => `Paragraph ${n} of the report tells what the witnesses saw on the square that morning, in their own words, and what the police said afterwards.`)
  .concat(['The minister said on Tuesday that no one had been detained, which the witnesses dispute.'])
  .concat([3, 4, 5].map((n) => `Paragraph ${n} of the report tells what the witnesses saw on the square that morning, in their own words, and what the police said afterwards.`))
  .join('\n\n');

describe('recovery from the body the page states for itself', () => {
  it('Readability alone drops the paragraph (the premise of the rules below)', () => {
    const bare = capture('', ARTICLE);
    expect(bare.text).not.toContain('The minister said');
    expect(bare.statedWordCount).toBeNull();
  });

  it('puts back, in place, a paragraph that JSON-LD articleBody has', () => {
    const c = capture(ld({ '@type': 'NewsArticle', headline: 'Witnesses on the square', articleBody: STATED }), ARTICLE);
    const at = order(c.text, ['Paragraph 2', 'The minister said', 'Paragraph 3']);
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(c.html).toContain('<p>The minister said on Tuesday');
    expect(c.statedWordCount).toBeGreaterThan(100);
  });

  it('does the same for a ReportageNewsArticle in a @graph', () => {
    const c = capture(ld({ '@graph': [{ '@type': 'WebPage' }, { '@type': 'ReportageNewsArticle', articleBody: STATED }] }), ARTICLE);
    expect(c.text).toContain('The minister said');
  });

  it('does the same for microdata itemprop="articleBody"', () => {
    const c = capture('', `<article itemscope itemtype="https://schema.org/NewsArticle"><h1>Witnesses</h1><div itemprop="articleBody">${para(1)}${para(2)}${DROPPED}${para(3)}${para(4)}</div></article>`);
    expect(order(c.text, ['Paragraph 2', 'The minister said', 'Paragraph 3'])).toEqual(order(c.text, ['Paragraph 2', 'The minister said', 'Paragraph 3']).sort((a, b) => a - b));
    expect(c.text).toContain('The minister said');
  });

  it('puts back a block quote whole, and a list', () => {
    const quote = '<div class="share-quote"><blockquote><p>We were standing there with flowers, nothing else, when they came towards us.</p></blockquote></div>';
    const list = '<div class="social-list"><ul><li>Three people were taken to the district police station.</li><li>Two of them were released the same evening without charge.</li></ul></div>';
    const body = `<article>${para(1)}${quote}${para(2)}${list}${para(3)}${para(4)}</article>`;
    const stated = `${para(1)} We were standing there with flowers, nothing else, when they came towards us. ${para(2)} Three people were taken to the district police station. Two of them were released the same evening without charge. ${para(3)} ${para(4)}`;
    const c = capture(ld({ '@type': 'NewsArticle', articleBody: stated }), body);
    expect(c.html).toMatch(/<blockquote><p>We were standing there/);
    expect(c.html).toMatch(/<ul><li>Three people were taken[^]*<li>Two of them were released/);
    expect(order(c.text, ['Paragraph 1', 'We were standing', 'Paragraph 2', 'Three people', 'Paragraph 3'])).toEqual(
      order(c.text, ['Paragraph 1', 'We were standing', 'Paragraph 2', 'Three people', 'Paragraph 3']).sort((a, b) => a - b),
    );
  });

  it('recovers through the sanitizer: what runs or loads stays out', () => {
    const hostile = '<div class="sidebar-box"><p onclick="alert(1)">The minister said on Tuesday that no one had been detained<img src="https://tracker.example/p.gif" onerror="alert(2)">, which the witnesses dispute.</p><script>alert(3)</script></div>';
    const c = capture(ld({ '@type': 'NewsArticle', articleBody: STATED }), `<article>${para(1)}${para(2)}${hostile}${para(3)}${para(4)}${para(5)}</article>`);
    expect(c.text).toContain('The minister said');
    expect(c.html).not.toMatch(/onclick|onerror|<script|alert\(|\ssrc=/);
    expect(c.images).toContain('https://tracker.example/p.gif');
  });

  it('never writes into the copy text that the page states but does not show, and says how much it states', () => {
    const teaser = `<article>${para(1)}${para(2)}${para(3)}${para(4)}${para(5)}</article>`;
    const stated = `${STATED}\n\nThe rest of the report is for subscribers: eleven more paragraphs of it, never shown on this page to a reader without an account.`;
    const c = capture(ld({ '@type': 'NewsArticle', articleBody: stated }), teaser);
    expect(c.text).not.toContain('subscribers');
    expect(c.text).not.toContain('The minister said');
    expect(c.statedWordCount).toBeGreaterThan(c.wordCount);
  });

  it('leaves a copy alone when the statement has nothing more', () => {
    const stated = [1, 2, 3, 4, 5].map((n) => `Paragraph ${n} of the report tells what the witnesses saw on the square that morning, in their own words, and what the police said afterwards.`).join('\n');
    const plain = `<article>${para(1)}${para(2)}${para(3)}${para(4)}${para(5)}</article>`;
    const withStatement = capture(ld({ '@type': 'NewsArticle', articleBody: stated }), plain);
    const without = capture('', plain);
    expect(withStatement.html).toBe(without.html);
  });
});

describe('what every reader knows is not the article', () => {
  const copyOf = (html: string) => {
    const body = windowFor(`<body><div>${html}</div></body>`, URL_).document.body;
    removeBoilerplate(body);
    return body;
  };

  it.each([
    ['a share bar', '<div>Share this article <a href="#">Facebook</a> <a href="#">Telegram</a></div>'],
    ['a newsletter box', '<div><h3>Sign up for our daily newsletter</h3><p>Subscribe</p></div>'],
    ['a donation prompt', '<p>Support independent journalism — donate today.</p>'],
    ['an advertisement label', '<div>Advertisement</div>'],
    ['a cookie notice', '<p>We use cookies to improve your experience.</p>'],
    ['a read-more heading left alone', '<h3>Read more</h3>'],
    ['a Russian subscription prompt', '<p>Подписывайтесь на наш канал в Telegram</p>'],
    ['a Persian share prompt', '<div>اشتراک‌گذاری <a href="#">تلگرام</a></div>'],
    ['a Chinese advertisement label', '<div>广告</div>'],
    ['a print link', '<p><a href="/print">Printer-friendly version</a></p>'],
    ['a view counter', '<div>Просмотров: 1 314</div>'],
  ])('removes %s', (_name, html) => {
    const body = copyOf(`${para(1)}${html}${para(2)}`);
    expect(body.textContent).toContain('Paragraph 1');
    expect(body.textContent).toContain('Paragraph 2');
    expect(body.querySelectorAll('p, div > div, h3').length).toBe(2);
  });

  it.each([
    ['English', 'Related stories'],
    ['Russian', 'Читайте также:'],
    ['Ukrainian', 'Читайте також'],
    ['Persian', 'بیشتر بخوانید'],
    ['Arabic', 'اقرأ أيضاً'],
    ['Chinese', '相关阅读'],
    ['Japanese', '関連記事'],
  ])('removes a list of links to other stories under a heading, in %s', (_name, heading) => {
    const body = copyOf(`${para(1)}<p><strong>${heading}</strong></p><ul><li><a href="/a">Суд арестовал журналиста</a></li><li><a href="/b">记者被拘留</a></li></ul>${para(2)}`);
    expect(body.textContent).not.toContain(heading);
    expect(body.querySelector('ul')).toBeNull();
    expect(body.textContent).toContain('Paragraph 2');
  });

  it('keeps a line that names one other story: the reader may want to know what the page pointed to', () => {
    const line = '<p>Read more: <a href="/other">Police detain dozens at protest</a></p>';
    expect(copyOf(`${para(1)}${line}`).innerHTML).toContain(line);
  });

  it('removes a "Related" heading with its list of links, and keeps a list of the article', () => {
    const related = '<h2>Related stories</h2><ul><li><a href="/a">One more story</a></li><li><a href="/b">And another</a></li></ul>';
    const own = '<h2>What we know</h2><ul><li>Three people were detained.</li><li>Two were released.</li></ul>';
    const body = copyOf(`${para(1)}${own}${related}${para(2)}`);
    expect(body.textContent).toContain('What we know');
    expect(body.textContent).toContain('Three people were detained.');
    expect(body.textContent).not.toContain('Related stories');
    expect(body.textContent).not.toContain('One more story');
  });

  it.each([
    ['a sentence that starts with a prompt word', '<p>Share prices fell by a third after the ministry announced the new rules for foreign media on Monday.</p>'],
    ['a heading that reads like one but heads the article', '<h2>Related to the case: what the court heard on Monday about the detained editors</h2>'],
    ['a short sentence that starts with "Newsletter"', '<p>Newsletter editors were detained on Monday.</p>'],
    ['a short sentence that starts with "Donate"', '<p>Donate blood, the ministry urged on Friday.</p>'],
    ['a paragraph about subscriptions', '<p>Subscribers of the banned channel, more than two million people, were told by the court that reading it is not a crime, a lawyer said.</p>'],
    ['a figure whose caption says share', '<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><figcaption>Share of votes</figcaption></figure>'],
  ])('keeps %s', (_name, html) => {
    const body = copyOf(html);
    expect(body.innerHTML).toBe(`<div>${html}</div>`);
  });

  it('asks of a whole block, never of a word inside a sentence', () => {
    const block = windowFor('<body><p><b>Share</b> prices fell sharply on Monday after the announcement.</p></body>', URL_).document.body.firstElementChild!;
    expect(isPrompt(block)).toBe(false);
    expect(isPrompt(block.firstElementChild!)).toBe(true);
    const body = copyOf('<p><b>Share</b> prices fell sharply on Monday after the announcement.</p>');
    expect(body.textContent).toContain('Share prices fell');
  });
});

describe('recovery puts back the article, not what the page put around it', () => {
  it('leaves out links to other stories, and, for microdata, blocks away from the article’s own paragraphs', () => {
    const gallery = '<div class="gallery-slider"><ul><li><div><h3>Another story entirely, in the gallery of the day</h3><p>The caption of a picture in a gallery that has nothing to do with this report at all.</p></div></li></ul></div>';
    const related = '<div class="related-links"><ul><li><a href="/x">Police detain dozens at protest in the capital overnight</a></li></ul></div>';
    const c = capture('', `<article itemscope itemtype="https://schema.org/NewsArticle"><h1>Witnesses</h1><div itemprop="articleBody">${para(1)}${para(2)}${DROPPED}${para(3)}${related}${para(4)}<aside>${gallery}</aside></div></article>`);
    expect(c.text).toContain('The minister said');
    expect(c.text).not.toContain('Police detain dozens');
    expect(c.text).not.toContain('gallery');
  });
});
