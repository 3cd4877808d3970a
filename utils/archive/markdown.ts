import TurndownService from 'turndown';
import type { SavedCopy } from '../store/queries';
import { articleElement } from './article-document';
import { slugOf } from './file-names';
import { imagePath } from './format';
import { ZipWriter } from './zip-writer';

/** YAML scalars written as JSON strings: every JSON string is a valid YAML double-quoted scalar. */
const yaml = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

/** The YAML front matter: what the copy is, where it came from, when, and its hash. */
export function frontMatter(copy: SavedCopy): string {
  const s = copy.snapshot;
  return [
    '---',
    `title: ${yaml(s.title)}`,
    `authors: [${s.authors.map(yaml).join(', ')}]`,
    `byline: ${yaml(s.byline)}`,
    `site: ${yaml(s.siteName)}`,
    `source: ${yaml(s.sourceUrl)}`,
    `published: ${yaml(s.publishedTime)}`,
    `modified: ${yaml(s.modifiedTime)}`,
    `captured: ${yaml(new Date(s.capturedAt).toISOString())}`,
    `language: ${yaml(s.lang)}`,
    `hash: ${yaml(`sha256:${s.id}`)}`,
    `signed_by: ${yaml(s.signature?.publicKey ?? null)}`,
    '---',
    '',
  ].join('\n');
}

/**
 * The article as Markdown after its front matter. Turndown converts the sanitized DOM (never a
 * string it would parse itself), so the one sanitizer decides what reaches the text.
 */
export function markdownOf(copy: SavedCopy, imageSource: (url: string) => string | undefined, win: Window): string {
  const holder = articleElement(copy.body.html, copy.snapshot, imageSource, win);
  const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
  return `${frontMatter(copy)}\n# ${copy.snapshot.title.replace(/\n/g, ' ')}\n\n${turndown.turndown(holder)}\n`;
}

/**
 * One copy as Markdown: a .md file alone when it has no kept images; otherwise a ZIP of the .md
 * and an images/ folder it links to, so the text never points at the live site for a picture.
 */
export async function markdownExport(copy: SavedCopy, win: Window): Promise<{ blob: Blob; name: string }> {
  const slug = slugOf(copy.snapshot.title);
  const paths = new Map<string, string>();
  for (const ref of copy.snapshot.images) {
    const blob = copy.images.get(ref.url);
    if ('hash' in ref && blob) paths.set(ref.url, imagePath(ref.hash, blob.type));
  }
  const text = markdownOf(copy, (url) => paths.get(url), win);
  if (!paths.size) return { blob: new Blob([text], { type: 'text/markdown;charset=utf-8' }), name: `${slug}.md` };
  const zip = new ZipWriter(new Date(copy.snapshot.capturedAt));
  zip.add(`${slug}.md`, text, true);
  const written = new Set<string>();
  for (const [url, path] of paths) {
    if (written.has(path)) continue;
    written.add(path);
    zip.add(path, new Uint8Array(await copy.images.get(url)!.arrayBuffer()), false);
  }
  return { blob: await zip.finish(), name: `${slug}.zip` };
}
