import type { Capture, CaptureKind } from '../capture/types';
import { snapshotHash } from '../integrity/snapshot-hash';
import { signSnapshot, type Signature } from '../integrity/signature';
import { signingKey } from '../integrity/signing-key';
import { indexTerms } from '../search/index-terms';
import { pageKeyOf } from './page-key';
import { writeSearchRow } from './search-rows';
import type { ImageResult } from '../save/fetch-images';
import type { LibraryDatabase } from './db';
import { hasPendingImages, type ImageRef, type PageRecord, type SightingRecord, type SnapshotRecord } from './records';

export interface SaveOutcome {
  kind: SightingRecord['kind'];
  pageUrl: string;
  /** The article's address (the page key may carry a fragment for whole pages and selections). */
  sourceUrl: string;
  snapshotId: string;
  version: number;
  versionCount: number;
  title: string;
  wordCount: number;
  /** What the copy holds: article, whole page or selection. */
  copy: CaptureKind;
  /** The saved copy's images after this save: kept or missing with the reason. */
  images: ImageRef[];
  /**
   * For a new version loaded from another site than the version before it (a mirror claiming the
   * same address): both sites, so the user is told the change may be the sites', not an edit.
   */
  otherSite?: { now: string; before: string };
  /**
   * Set by the background when the user asked that saved pages leave the browser's history
   * (utils/save/forget-visit.ts): whether this one did.
   */
  visitForgotten?: boolean;
}

function siteOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** Image bytes, once per hash: call inside a transaction that includes db.assets. */
async function storeAssets(db: LibraryDatabase, results: ImageResult[]): Promise<void> {
  const fetched = new Map<string, Extract<ImageResult, { hash: string }>>();
  for (const result of results) if ('hash' in result && !fetched.has(result.hash)) fetched.set(result.hash, result);
  if (fetched.size === 0) return;
  // One read and one write for all of them: each request waits a round trip to the browser.
  const known = await db.assets.bulkGet([...fetched.keys()]);
  const fresh = [...fetched.values()].filter((_, i) => !known[i]);
  if (fresh.length) await db.assets.bulkAdd(fresh.map((r) => ({ hash: r.hash, blob: r.blob, type: r.type, size: r.size, url: r.url })));
}

/** The hashes of the kept images of a copy, for the index that tells when an image is still used. */
export function keptHashes(images: ImageRef[]): string[] {
  return [...new Set(images.flatMap((ref) => ('hash' in ref ? [ref.hash] : [])))];
}

function imageRefs(results: ImageResult[]): ImageRef[] {
  return results.map((r) => ('hash' in r ? { url: r.url, hash: r.hash } : { url: r.url, missing: r.missing }));
}

/** An image kept by an earlier save stays kept; one missing then may be kept now. */
export function mergeImages(earlier: ImageRef[], now: ImageRef[]): ImageRef[] {
  const kept = new Map(earlier.filter((ref): ref is Extract<ImageRef, { hash: string }> => 'hash' in ref).map((ref) => [ref.url, ref]));
  return now.map((ref) => ('hash' in ref ? ref : kept.get(ref.url) ?? ref));
}

/**
 * Store a capture and what is known of its images: one page per canonical URL, one snapshot per
 * distinct content, image bytes once per hash, and a sighting for every save, all in one
 * transaction so that a crash leaves all of it or none of it. Hashing happens before: IndexedDB
 * transactions close on foreign awaits.
 *
 * Images given as `pending` are still to be downloaded: the copy is stored first, with a row in
 * `imageQueue` in the same transaction, and `settleImages` attaches each image as it arrives. An
 * image an earlier save of the same content kept stays kept (and is not pending).
 *
 * A snapshot's identity is its text, HTML and metadata, not its images: a save that can now fetch
 * an image an earlier one could not completes the same snapshot rather than making a version.
 */
export async function saveCapture(db: LibraryDatabase, capture: Capture, now: number, fetched: ImageResult[] = [], options: { via?: SightingRecord['via'] } = {}): Promise<SaveOutcome> {
  return storeCapture(db, await prepareCapture(db, capture, now, fetched), options);
}

/** What a save works out before its transaction: IndexedDB transactions close on foreign awaits. */
export interface PreparedCapture {
  capture: Capture;
  now: number;
  snapshotId: string;
  pageKey: string;
  terms: ReturnType<typeof indexTerms>;
  results: ImageResult[];
  signature?: Signature;
}

/** The hash, the words, the images' fate and the signature of a capture: no transaction open. */
export async function prepareCapture(db: LibraryDatabase, capture: Capture, now: number, fetched: ImageResult[] = []): Promise<PreparedCapture> {
  // The hash runs in the browser's crypto while the words are cut here.
  const hashing = snapshotHash(capture);
  const terms = indexTerms(capture);
  const snapshotId = await hashing;
  const pageKey = pageKeyOf(capture.kind, capture.canonicalUrl, snapshotId);
  const byUrl = new Map(fetched.map((r) => [r.url, r]));
  // An image not fetched this time was either kept by an earlier save (mergeImages keeps it) or
  // could not be reached.
  const results = capture.images.map((url): ImageResult => byUrl.get(url) ?? { url, missing: 'unreachable' });
  const signature = await signatureFor(db, { id: snapshotId, kind: capture.kind, pageUrl: pageKey, sourceUrl: capture.canonicalUrl, loadedUrl: capture.loadedUrl, capturedAt: now }, now);
  return { capture, now, snapshotId, pageKey, terms, results, ...(signature ? { signature } : {}) };
}

/** The tables a save writes: a caller that writes more in the same transaction names these too. */
export function captureTables(db: LibraryDatabase) {
  return [db.pages, db.snapshots, db.bodies, db.sightings, db.assets, db.words, db.imageQueue];
}

/**
 * Store a prepared capture in one transaction, or inside the caller's if it has one open over
 * captureTables (a check keeps a new version and records itself in the same one).
 */
export async function storeCapture(db: LibraryDatabase, prepared: PreparedCapture, { via }: { via?: SightingRecord['via'] } = {}): Promise<SaveOutcome> {
  const { capture, now, snapshotId, pageKey, terms, results, signature } = prepared;
  return db.transaction('rw', captureTables(db), async () => {
    // Requests that do not depend on each other are sent together: each one waits a round trip
    // to the browser's database, and a save made ten of them one after another (docs/BENCHMARKS.md).
    const [page, existing] = await Promise.all([db.pages.get(pageKey), db.snapshots.get(snapshotId), storeAssets(db, results)]);

    if (page && existing) {
      const kind = page.latestSnapshotId === snapshotId ? 'unchanged' : 'reverted';
      const images = mergeImages(existing.images, imageRefs(results));
      const lastSavedAt = kind === 'reverted' ? now : page.lastSavedAt;
      await Promise.all([
        db.snapshots.update(snapshotId, { lastSeenAt: now, images, imageHashes: keptHashes(images) }),
        db.pages.update(page.url, {
          lastSeenAt: now,
          latestSnapshotId: snapshotId,
          kind: existing.kind,
          // Back to an earlier version: the page shows that version's headline again.
          ...(kind === 'reverted' ? { lastSavedAt, changed: true, title: existing.title, siteName: existing.siteName } : {}),
        }),
        db.sightings.add({ pageUrl: page.url, snapshotId, at: now, kind, ...(via ? { via } : {}) }),
        writeSearchRow(db, { url: page.url, lastSavedAt }, { snapshotId, terms }),
        queueImages(db, snapshotId, images, now),
      ]);
      return { kind, pageUrl: page.url, sourceUrl: existing.sourceUrl, snapshotId, version: existing.version, versionCount: page.versionCount, title: existing.title, wordCount: existing.wordCount, copy: existing.kind, images };
    }

    // Numbered after the highest version ever kept, so that a deleted version's number is never reused.
    const [earlier, previous] = page
      ? await Promise.all([db.snapshots.where('pageUrl').equals(pageKey).toArray(), db.snapshots.get(page.latestSnapshotId)])
      : [[], undefined];
    const version = Math.max(0, ...earlier.map((s) => s.version)) + 1;
    const snapshot = snapshotOf(capture, { id: snapshotId, pageUrl: pageKey, version, capturedAt: now, images: imageRefs(results), signature });
    const nextPage: PageRecord = {
      url: pageKey,
      kind: capture.kind,
      title: capture.title,
      siteName: capture.siteName,
      firstSavedAt: page?.firstSavedAt ?? now,
      lastSavedAt: now,
      lastSeenAt: now,
      versionCount: earlier.length + 1,
      latestSnapshotId: snapshotId,
      changed: earlier.length > 0,
      tags: page?.tags ?? [],
      note: page?.note ?? '',
    };
    const kind = page ? 'new-version' : 'new-page';
    const otherSite = previous && siteOf(previous.loadedUrl) !== siteOf(capture.loadedUrl) ? { now: siteOf(capture.loadedUrl), before: siteOf(previous.loadedUrl) } : undefined;
    await Promise.all([
      db.snapshots.add(snapshot),
      db.bodies.add({ snapshotId, html: capture.html, text: capture.text }),
      db.pages.put(nextPage),
      db.sightings.add({ pageUrl: nextPage.url, snapshotId, at: now, kind, ...(via ? { via } : {}) }),
      // A page is found by its newest copy's words.
      writeSearchRow(db, nextPage, { snapshotId, terms }),
      queueImages(db, snapshotId, snapshot.images, now),
    ]);
    return { kind, pageUrl: nextPage.url, sourceUrl: capture.canonicalUrl, snapshotId, version, versionCount: nextPage.versionCount, title: capture.title, wordCount: capture.wordCount, copy: capture.kind, images: snapshot.images, ...(otherSite ? { otherSite } : {}) };
  });
}

/** A capture as a stored snapshot: the one place a capture's fields become a copy's. */
export function snapshotOf(
  capture: Capture,
  fields: { id: string; pageUrl: string; version: number; capturedAt: number; images: ImageRef[]; signature?: Signature; importedFrom?: SnapshotRecord['importedFrom'] },
): SnapshotRecord {
  return {
    id: fields.id,
    kind: capture.kind,
    pageUrl: fields.pageUrl,
    sourceUrl: capture.canonicalUrl,
    loadedUrl: capture.loadedUrl,
    version: fields.version,
    capturedAt: fields.capturedAt,
    lastSeenAt: fields.capturedAt,
    title: capture.title,
    byline: capture.byline,
    authors: capture.authors,
    publisher: capture.publisher,
    section: capture.section,
    leadImage: capture.leadImage,
    siteName: capture.siteName,
    lang: capture.lang,
    dir: capture.dir,
    excerpt: capture.excerpt,
    publishedTime: capture.publishedTime,
    modifiedTime: capture.modifiedTime,
    wordCount: capture.wordCount,
    images: fields.images,
    imageHashes: keptHashes(fields.images),
    ...(fields.signature ? { signature: fields.signature } : {}),
    ...(fields.importedFrom ? { importedFrom: fields.importedFrom } : {}),
  };
}

/**
 * Signed before the transaction (WebCrypto is a foreign await). A copy is never refused for want
 * of a signature: if the browser cannot sign, it is kept unsigned and signed later (sign-library.ts).
 */
async function signatureFor(db: LibraryDatabase, fields: Parameters<typeof signSnapshot>[1], now: number): Promise<Signature | undefined> {
  try {
    return await signSnapshot(await signingKey(db), fields, now);
  } catch (error) {
    console.error('Samizdat: could not sign the snapshot; it is kept unsigned for now', error);
    return undefined;
  }
}

/** A copy with images still to download gets its row in `imageQueue`: call inside the saving transaction. */
async function queueImages(db: LibraryDatabase, snapshotId: string, images: ImageRef[], now: number): Promise<void> {
  if (!hasPendingImages(images)) return;
  // A copy saved again while its images were still pending keeps its row and its count of attempts.
  if (!(await db.imageQueue.get(snapshotId))) await db.imageQueue.add({ snapshotId, since: now, attempts: 0 });
}

/**
 * Attach what the downloads found to a saved copy: the bytes of the images kept (once per hash),
 * and each image's place in the copy marked kept or missing with its reason. One transaction, so
 * a copy never names bytes that are not there. The copy leaves `imageQueue` in the transaction that
 * settles its last pending image. Answers the copy's images afterwards, or undefined if the copy is
 * gone (deleted while its images downloaded: then nothing is stored).
 */
export async function settleImages(db: LibraryDatabase, snapshotId: string, results: ImageResult[]): Promise<ImageRef[] | undefined> {
  return db.transaction('rw', [db.snapshots, db.assets, db.imageQueue], async () => {
    const snapshot = await db.snapshots.get(snapshotId);
    if (!snapshot) {
      await db.imageQueue.delete(snapshotId);
      return undefined;
    }
    await storeAssets(db, results);
    const byUrl = new Map(results.map((r) => [r.url, r]));
    // A result settles an image not yet kept; one kept already stays as it is.
    const now = snapshot.images.map((ref): ImageRef => {
      const result = byUrl.get(ref.url);
      if (!result || 'hash' in ref) return ref;
      return 'hash' in result ? { url: ref.url, hash: result.hash } : { url: ref.url, missing: result.missing };
    });
    const images = mergeImages(snapshot.images, now);
    await db.snapshots.update(snapshotId, { images, imageHashes: keptHashes(images) });
    if (!hasPendingImages(images)) await db.imageQueue.delete(snapshotId);
    return images;
  });
}
