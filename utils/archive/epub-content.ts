import { ORIGINAL_SRC_ATTR } from '../safety/sanitize';

/**
 * Sanitized article HTML rewritten into the strict XHTML an EPUB reading system (and epubcheck)
 * accepts. Web markup nests freely (a list in a span, a paragraph in a heading, items outside
 * lists); rather than patch each case, the article is rebuilt from a small vocabulary in which
 * every element sits only where the XHTML content model allows it. Unknown elements are unwrapped
 * to their content, so no text is lost; what cannot be kept (an image not in the book) is named.
 */
export const XHTML_NS = 'http://www.w3.org/1999/xhtml';

const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
/** Elements whose content is flow (blocks and text). */
const CONTAINERS = new Set(['DIV', 'SECTION', 'ARTICLE', 'ASIDE', 'HEADER', 'FOOTER', 'MAIN', 'NAV', 'ADDRESS', 'DETAILS', 'CENTER', 'HGROUP', 'FORM', 'FIELDSET']);
/** Blocks whose content is text only (phrasing). */
const TEXT_BLOCKS = new Set(['P', 'PRE', 'SUMMARY', 'DT', 'CAPTION', 'LEGEND', ...HEADINGS]);
const INLINE: Record<string, string> = {
  EM: 'em', I: 'em', STRONG: 'strong', B: 'strong', CODE: 'code', KBD: 'code', SAMP: 'code', TT: 'code', VAR: 'em',
  SUB: 'sub', SUP: 'sup', SMALL: 'small', S: 'del', DEL: 'del', STRIKE: 'del', INS: 'ins', U: 'span', Q: 'q', CITE: 'cite',
  ABBR: 'abbr', MARK: 'mark', BDI: 'bdi', DFN: 'dfn', SPAN: 'span', FONT: 'span', TIME: 'span', LABEL: 'span', BIG: 'span',
};
const BLOCKS = new Set([...CONTAINERS, ...TEXT_BLOCKS, 'UL', 'OL', 'MENU', 'LI', 'DL', 'DD', 'BLOCKQUOTE', 'FIGURE', 'FIGCAPTION', 'TABLE', 'THEAD', 'TBODY', 'TFOOT', 'TR', 'TD', 'TH', 'HR']);

/** Characters XML 1.0 forbids; a page may carry them, an EPUB may not. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export interface EpubImages {
  /** The book's path for a kept image (relative to the chapter), or undefined when it is not in the book. */
  source(originalUrl: string): string | undefined;
}

export class XhtmlBuilder {
  constructor(
    private readonly doc: XMLDocument,
    private readonly images: EpubImages,
  ) {}

  el(name: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): Element {
    const element = this.doc.createElementNS(XHTML_NS, name);
    for (const [key, value] of Object.entries(attrs)) element.setAttribute(key, value.replace(XML_INVALID, ''));
    for (const child of children) element.append(typeof child === 'string' ? this.text(child) : child);
    return element;
  }

  text(value: string): Text {
    return this.doc.createTextNode(value.replace(XML_INVALID, ''));
  }

  /** Flow content of `source` appended to `target` (a container): text runs become paragraphs. */
  flow(source: Node, target: Element): void {
    let run: Element | null = null;
    const inlineTarget = () => (run ??= target.appendChild(this.el('p')));
    for (const node of Array.from(source.childNodes)) {
      if (node.nodeType === 3) {
        if (/\S/.test(node.textContent ?? '') || run) inlineTarget().append(this.text(node.textContent ?? ''));
        continue;
      }
      if (node.nodeType !== 1) continue;
      const element = node as Element;
      if (BLOCKS.has(element.tagName)) {
        run = null;
        this.block(element, target);
      } else if (INLINE[element.tagName] || element.tagName === 'A' || element.tagName === 'IMG' || element.tagName === 'BR') {
        this.inline(element, inlineTarget());
      } else {
        // Unknown or custom: its content, in place.
        run = null;
        this.flow(element, target);
      }
    }
  }

  /** Phrasing content of `source` appended to `target`: any block inside is flattened to its text. */
  phrasing(source: Node, target: Element, inLink = false): void {
    for (const node of Array.from(source.childNodes)) {
      if (node.nodeType === 3) target.append(this.text(node.textContent ?? ''));
      else if (node.nodeType === 1) this.inline(node as Element, target, inLink);
    }
  }

  private inline(element: Element, target: Element, inLink = false): void {
    const tag = element.tagName;
    if (tag === 'BR') return void target.append(this.el('br'));
    if (tag === 'IMG') return void target.append(this.image(element));
    if (tag === 'A') {
      const href = element.getAttribute('href') ?? '';
      if (!inLink && /^(https?:|mailto:)/i.test(href)) {
        const link = this.el('a', { href });
        this.phrasing(element, link, true);
        return void target.append(link);
      }
      return this.phrasing(element, target, inLink);
    }
    const name = INLINE[tag];
    if (!name) {
      // A block inside text: keep its words, apart from their neighbours.
      if (BLOCKS.has(tag) && target.childNodes.length) target.append(this.text(' '));
      return this.phrasing(element, target, inLink);
    }
    const copy = this.el(name, dirOf(element));
    if (name === 'abbr' && element.getAttribute('title')) copy.setAttribute('title', element.getAttribute('title')!);
    this.phrasing(element, copy, inLink);
    target.append(copy);
  }

  private image(img: Element): Node {
    const original = img.getAttribute(ORIGINAL_SRC_ATTR);
    const src = original ? this.images.source(original) : undefined;
    const alt = img.getAttribute('alt') ?? '';
    if (src) return this.el('img', { src, alt });
    return this.el('span', {}, `[Image not in this book${alt.trim() ? `: ${alt.trim()}` : ''}]`);
  }

  private block(element: Element, target: Element): void {
    const tag = element.tagName;
    if (HEADINGS.has(tag)) {
      // The chapter's own title is its h1: the article's headings sit below it.
      const level = Math.min(6, Number(tag[1]) + 1);
      return void this.textBlock(element, target, `h${level}`);
    }
    if (tag === 'P' || tag === 'SUMMARY' || tag === 'LEGEND' || tag === 'CAPTION') return void this.textBlock(element, target, 'p');
    if (tag === 'DT') return void this.textBlock(element, target, 'p', 'strong');
    if (tag === 'PRE') return void this.textBlock(element, target, 'pre');
    if (tag === 'HR') return void target.append(this.el('hr'));
    if (tag === 'UL' || tag === 'OL' || tag === 'MENU') return void this.list(element, target, tag === 'OL' ? 'ol' : 'ul');
    if (tag === 'TABLE') return void this.table(element, target);
    if (tag === 'FIGURE') return void this.figure(element, target);
    const name = tag === 'BLOCKQUOTE' || tag === 'DD' ? 'blockquote' : 'div';
    const container = target.appendChild(this.el(name, dirOf(element)));
    this.flow(element, container);
  }

  private textBlock(element: Element, target: Element, name: string, wrap?: string): void {
    const block = this.el(name, dirOf(element));
    const inner = wrap ? block.appendChild(this.el(wrap)) : block;
    this.phrasing(element, inner);
    if (block.textContent?.trim() || block.querySelector('img')) target.append(block);
  }

  private list(element: Element, target: Element, name: 'ul' | 'ol'): void {
    const start = element.getAttribute('start');
    const list = this.el(name, { ...dirOf(element), ...(name === 'ol' && start && /^-?\d+$/.test(start) ? { start } : {}) });
    let loose: Element | null = null;
    for (const node of Array.from(element.childNodes)) {
      if (node.nodeType === 1 && (node as Element).tagName === 'LI') {
        loose = null;
        this.flow(node, list.appendChild(this.el('li', dirOf(node as Element))));
      } else if (node.nodeType === 1 || /\S/.test(node.textContent ?? '')) {
        loose ??= list.appendChild(this.el('li'));
        this.flow(alone(node), loose);
      }
    }
    if (list.childNodes.length) target.append(list);
  }

  private table(element: Element, target: Element): void {
    const body = this.el('tbody');
    for (const row of Array.from(element.querySelectorAll('tr'))) {
      if (row.closest('table') !== element) continue;
      const tr = this.el('tr');
      for (const cell of Array.from(row.children)) {
        if (cell.tagName !== 'TD' && cell.tagName !== 'TH') continue;
        const attrs: Record<string, string> = {};
        for (const span of ['colspan', 'rowspan']) {
          const value = cell.getAttribute(span);
          if (value && /^[1-9]\d{0,2}$/.test(value)) attrs[span] = value;
        }
        this.flow(cell, tr.appendChild(this.el(cell.tagName === 'TH' ? 'th' : 'td', attrs)));
      }
      if (tr.childNodes.length) body.append(tr);
    }
    const caption = element.querySelector('caption');
    if (caption && caption.closest('table') === element) this.textBlock(caption, target, 'p');
    if (body.childNodes.length) target.append(this.el('table', {}, body));
  }

  private figure(element: Element, target: Element): void {
    const figure = this.el('figure');
    const captions: Element[] = [];
    const content = this.el('div');
    for (const node of Array.from(element.childNodes)) {
      if (node.nodeType === 1 && (node as Element).tagName === 'FIGCAPTION') captions.push(node as Element);
      else this.flow(alone(node), content);
    }
    figure.append(...Array.from(content.childNodes));
    if (captions.length) {
      const caption = figure.appendChild(this.el('figcaption'));
      for (const c of captions) this.flow(c, caption);
    }
    if (figure.childNodes.length) target.append(figure);
  }
}

/** A node on its own, in its own document, so that flow() can read it as the only child of a container. */
function alone(node: Node): Node {
  const holder = node.ownerDocument!.createElement('div');
  holder.append(node.cloneNode(true));
  return holder;
}

function dirOf(element: Element): Record<string, string> {
  const dir = element.getAttribute('dir')?.toLowerCase();
  return dir === 'rtl' || dir === 'ltr' ? { dir } : {};
}

/** A BCP 47 tag an EPUB accepts, from what a page declared (en_US, EN-us...), or undefined. */
export function bookLanguage(lang: string | null): string | undefined {
  const tag = lang?.trim().replace(/_/g, '-');
  return tag && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/.test(tag) ? tag : undefined;
}
