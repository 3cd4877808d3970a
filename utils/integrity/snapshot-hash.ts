import type { Capture } from '../capture/types';
import { sha256Hex } from './hash';

/** What a snapshot's identity covers: a fresh capture, or a stored snapshot with its body (contentOf). */
export type SnapshotContent = Pick<
  Capture,
  'kind' | 'canonicalUrl' | 'title' | 'byline' | 'authors' | 'publisher' | 'section' | 'leadImage' | 'siteName' | 'lang' | 'dir' | 'excerpt' | 'publishedTime' | 'modifiedTime' | 'html' | 'text'
>;

/** A stored snapshot's content, to check its identity again (archives). */
export function contentOf(snapshot: Omit<SnapshotContent, 'canonicalUrl' | 'html' | 'text'> & { sourceUrl: string }, body: { html: string; text: string }): SnapshotContent {
  return { ...snapshot, canonicalUrl: snapshot.sourceUrl, html: body.html, text: body.text };
}

/** Bump when the canonical form changes; it is part of what is hashed. */
export const CANONICAL_FORM_VERSION = 1;

/**
 * The canonical form of a snapshot: the article's address, its core metadata (title, byline,
 * authors, publisher, section, lead image, site, language, direction, excerpt, times), its HTML
 * and its text, in a fixed order, as JSON. When and from which URL it was loaded are deliberately left
 * out, so the same content saved twice has the same identity. Text is NFC-normalised so that
 * the same words typed in two Unicode forms do not count as an edit.
 */
export function canonicalForm(capture: SnapshotContent): string {
  const nfc = (value: string | null) => (value === null ? null : value.normalize('NFC'));
  return JSON.stringify([
    'samizdat-snapshot',
    CANONICAL_FORM_VERSION,
    capture.kind,
    capture.canonicalUrl,
    nfc(capture.title),
    nfc(capture.byline),
    capture.authors.map((name) => name.normalize('NFC')),
    nfc(capture.publisher),
    nfc(capture.section),
    capture.leadImage,
    nfc(capture.siteName),
    capture.lang,
    capture.dir,
    nfc(capture.excerpt),
    capture.publishedTime,
    capture.modifiedTime,
    nfc(capture.html),
    nfc(capture.text),
  ]);
}

/** A snapshot's identity: SHA-256 of its canonical form. */
export function snapshotHash(capture: SnapshotContent): Promise<string> {
  return sha256Hex(canonicalForm(capture));
}
