import { wordSegments } from '../text/word-segments';

/**
 * Plain text of sanitized article HTML with paragraph breaks kept, for search, diffs and word
 * counts. Block elements end a paragraph; everything else flows.
 */

const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE',
  'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE',
  'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL', 'CAPTION', 'DETAILS', 'SUMMARY',
]);

export function articleText(root: Node): string {
  const parts: string[] = [];
  // Iterative, not recursive: hostile pages nest tens of thousands of elements deep.
  const stack: Array<{ node: Node; leaving: boolean }> = [{ node: root, leaving: false }];
  while (stack.length) {
    const { node, leaving } = stack.pop()!;
    const block = node.nodeType === 1 && BLOCKS.has((node as Element).nodeName);
    if (leaving) {
      parts.push('\n');
      continue;
    }
    if (node.nodeType === 3) {
      parts.push(node.nodeValue ?? '');
      continue;
    }
    if (block) {
      parts.push('\n');
      stack.push({ node, leaving: true });
    }
    for (let child = node.lastChild; child; child = child.previousSibling) stack.push({ node: child, leaving: false });
  }
  return parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

/** Words, counted by the platform's word segmenter so that Chinese and Japanese count right. */
export function countWords(text: string, lang: string | null): number {
  let count = 0;
  for (const _word of wordSegments(text, lang)) count++;
  return count;
}
