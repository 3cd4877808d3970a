import { toBase64 } from '../integrity/encoding';
import { fingerprint } from '../integrity/signature';
import type { SavedCopy } from '../store/queries';
import { articleDocument, articleHtml } from './article-document';

/**
 * One saved copy as one HTML file, its images inside it as data: URLs: the form to send by mail
 * or messenger, or to open on any machine. Same renderer, sanitizer and CSP as the archive's pages.
 */
export async function singleFileHtml(copy: SavedCopy, win: Window): Promise<string> {
  const inline = new Map<string, string>();
  for (const [url, blob] of copy.images) inline.set(url, `data:${blob.type};base64,${toBase64(new Uint8Array(await blob.arrayBuffer()))}`);
  const article = articleHtml(copy.body.html, copy.snapshot, (url) => inline.get(url), win);
  const signer = copy.snapshot.signature ? await fingerprint(copy.snapshot.signature.publicKey) : undefined;
  return articleDocument(copy.snapshot, article, 'inline', { signer, versionCount: copy.page?.versionCount });
}
