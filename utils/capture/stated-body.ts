import { linkShare } from './boilerplate';
import type { ArticleJsonLd } from './metadata';

/**
 * The article as the page itself states it, and the paragraphs of it that Readability dropped.
 *
 * Many news pages state their own article body: JSON-LD `articleBody` on a NewsArticle or
 * ReportageNewsArticle, or schema.org microdata (`itemprop="articleBody"`). Readability scores the
 * page's structure and may leave out a paragraph it judged to be clutter: a short one between
 * two embeds, a list, a block quote, a caption. For a censored article a lost paragraph is the
 * worst failure there is, so where the page's own statement has a paragraph that the copy lacks
 * and the page shows it, the page's paragraph is put back where it stands, through the sanitizer.
 * Text that the statement has and the page does not show is not invented into the copy; the
 * capture reports how many words the statement has (capture-page.ts), so the user is told.
 */

export interface StatedBody {
  text: string;
  /**
   * JSON-LD states the text itself; microdata marks an element, whose text includes whatever the
   * page put inside it (a gallery, a list of other stories), so its blocks are recovered only
   * among the article's own paragraphs.
   */
  from: 'json-ld' | 'microdata';
}

/** What the page states as its body, as plain text; null where it states none. */
export function statedBodyOf(page: Document, jsonLd: ArticleJsonLd | null): StatedBody | null {
  const body = jsonLd?.node.articleBody;
  // Some pages put HTML in articleBody: its tags are not words.
  if (typeof body === 'string' && body.trim()) return { text: body.replace(/<[^>]*>/g, ' '), from: 'json-ld' };
  const text = page.querySelector('[itemprop~="articleBody" i]')?.textContent;
  return text?.trim() ? { text, from: 'microdata' } : null;
}

/** Text reduced to its words, for finding one text inside another whatever the markup did to spaces. */
export const wordsKey = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();

/** Blocks that hold a paragraph of an article, smallest first when nested (a <p> in a <li>). */
const BLOCKS = 'p, h2, h3, h4, h5, h6, li, blockquote, figcaption, pre, dd, dt, td, th';
/** Blocks that are one unit when all of them is missing: a quote, a table, a list, a figure. */
const UNITS = new Set(['BLOCKQUOTE', 'TABLE', 'UL', 'OL', 'DL', 'FIGURE']);
/** Shorter than this, a block's text could be found in the statement by chance ("Share", a date). */
const MIN_KEY_LENGTH = 24;

/** Whether the statement has lines long enough to matter that the copy lacks. Cheap: no DOM. */
export function statementHasMore(stated: string, copyText: string): boolean {
  const copy = wordsKey(copyText);
  return stated
    .split(/\n+|(?<=[.!?。！？])\s+/u)
    .map(wordsKey)
    .some((line) => line.length >= MIN_KEY_LENGTH && !copy.includes(line));
}

const mostlyLink = (element: Element) => linkShare(element) > 0.5;

interface Leaf {
  element: Element;
  key: string;
  kept: boolean;
}

/** The page's article blocks in reading order, each as one unit (a missing quote whole, else its paragraphs). */
function leavesOf(root: Element, copyKey: string, statedKey: string, amongKept: boolean): Leaf[] {
  const leaves: Leaf[] = [];
  let inside: Element | null = null;
  for (const element of root.querySelectorAll(`${BLOCKS}, ${[...UNITS].join(', ').toLowerCase()}`)) {
    if (inside && inside.contains(element)) continue;
    inside = null;
    const key = wordsKey(element.textContent ?? '');
    if (key.length < MIN_KEY_LENGTH) continue;
    const kept = copyKey.includes(key);
    if (UNITS.has(element.nodeName)) {
      // A unit none of whose words the copy has is recovered whole; otherwise its blocks one by one.
      const partlyKept = () =>
        Array.from(element.querySelectorAll(BLOCKS)).some((block) => {
          const blockKey = wordsKey(block.textContent ?? '');
          return blockKey.length >= MIN_KEY_LENGTH && copyKey.includes(blockKey);
        });
      if (!kept && statedKey.includes(key) && !mostlyLink(element) && !partlyKept()) {
        leaves.push({ element, key, kept: false });
        inside = element;
      }
      continue;
    }
    // A block with blocks inside is read through them.
    if (element.querySelector(BLOCKS)) continue;
    // A block that is mostly a link points to another story: it is never put back.
    if (!kept && mostlyLink(element)) continue;
    leaves.push({ element, key, kept });
  }
  const stated = leaves.filter((leaf) => leaf.kept || statedKey.includes(leaf.key));
  if (!amongKept) return stated;
  // Among the article's own paragraphs: a block whose parent or grandparent holds one the copy kept.
  const keptHolders = new Set<Element>();
  for (const leaf of stated) {
    if (!leaf.kept) continue;
    const parent = leaf.element.parentElement;
    if (parent) keptHolders.add(parent);
    if (parent?.parentElement) keptHolders.add(parent.parentElement);
  }
  return stated.filter((leaf) => {
    if (leaf.kept) return true;
    // A heading inside the marked element heads something else: a box of other stories.
    if (/^H[2-6]$/.test(leaf.element.nodeName)) return false;
    const parent = leaf.element.parentElement;
    return !!parent && (keptHolders.has(parent) || (!!parent.parentElement && keptHolders.has(parent.parentElement)));
  });
}

/**
 * Put back into `copy` (the sanitized article, as a parsed body) each block of `source` (an inert
 * copy of the page) that the statement has and the copy lacks, after the block that precedes it
 * on the page. `toCopy` turns a page block into sanitized nodes of the copy's document. Answers
 * how many blocks were put back.
 */
export function recoverStatedBlocks(copy: HTMLElement, source: Document, stated: StatedBody, toCopy: (block: Element) => Node[]): number {
  const root = source.body;
  if (!root) return 0;
  const statedKey = wordsKey(stated.text);
  const copyKey = wordsKey(copy.textContent ?? '');
  const leaves = leavesOf(root, copyKey, statedKey, stated.from === 'microdata');
  if (!leaves.some((leaf) => !leaf.kept)) return 0;

  // Where each kept block is in the copy: the innermost block whose words are its words.
  const copyBlocks = Array.from(copy.querySelectorAll(BLOCKS)).map((element) => ({ element, key: wordsKey(element.textContent ?? '') }));
  const counterpart = (key: string) => copyBlocks.find((block) => block.key === key)?.element ?? copyBlocks.find((block) => block.key.includes(key))?.element ?? null;

  let cursor: Node | null = null;
  const waiting: Node[] = [];
  let recovered = 0;
  const insertedKeys = new Set<string>();
  for (const leaf of leaves) {
    if (leaf.kept) {
      const there = counterpart(leaf.key);
      if (!there) continue;
      if (waiting.length && !cursor) there.before(...waiting.splice(0));
      cursor = there;
      continue;
    }
    if (insertedKeys.has(leaf.key)) continue;
    insertedKeys.add(leaf.key);
    const nodes = toCopy(leaf.element);
    if (nodes.length === 0) continue;
    recovered++;
    if (cursor) {
      // A paragraph that followed a list item on the page follows the list in the copy.
      while (nodes[0]?.nodeName !== 'LI' && /^(?:LI|DD|DT|TD|TH)$/.test(cursor.nodeName)) {
        const holder: Element | null = (cursor as Element).closest('ul, ol, dl, table');
        if (!holder || !copy.contains(holder)) break;
        cursor = holder;
      }
      (cursor as ChildNode).after(...nodes);
      cursor = nodes[nodes.length - 1]!;
    } else {
      waiting.push(...nodes);
    }
  }
  if (waiting.length) (copy.firstElementChild ?? copy).append(...waiting);
  return recovered;
}
