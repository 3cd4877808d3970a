import type { Capture } from '../../capture/types';
import { decodeFetchedPage } from '../../capture/charset';
import { sha256Hex } from '../../integrity/hash';
import { snapshotHash } from '../../integrity/snapshot-hash';
import { IMAGE_LIMITS, sniffImageType } from '../../save/fetch-images';
import { pageKeyOf } from '../../store/page-key';
import type { AssetRecord, ImageRef, ImportedFrom, MissingReason, PageRecord, SightingRecord, SnapshotBody, SnapshotRecord } from '../../store/records';
import { snapshotOf } from '../../store/save-capture';
import { readFetchedPage } from '../../watch/read-fetched-page';
import type { PageFile } from '../format';
import { CaptureIndex, isHtml, MAX_RECORD_BYTES, refusedRecord, type ArchiveFile, type ArchivedCapture, type NotedArchive } from './archived-captures';
import { BodyError, parseHttpResponse } from './http-response';
import { readRecordAt, WarcError } from './warc-reader';
import { assetBlob } from '../../store/asset-blob';

/** What the second reading hands on to be staged, as an archive's verifier hands on its files. */
export type WebPageItem = { kind: 'asset'; asset: AssetRecord } | { kind: 'copy'; snapshot: SnapshotRecord; body: SnapshotBody } | { kind: 'page'; file: PageFile };

export interface WebPagesRead {
  /** Records neither a page nor an image of one (scripts, styles, redirects, other media). */
  otherRecords: number;
  /** Pages the capture could not read at all, by address: left out, and said. */
  unreadable: string[];
}

/** What the import knows of a page while it reads the archive's captures of it: a few dozen bytes a capture. */
interface PageNotes {
  /** Every capture of the page, of any of the addresses that lead to it: which copy, and when. */
  seen: { id: string; at: number }[];
  /** Each copy's headline, site and kind, for the page's record once the newest is known. */
  copies: Map<string, { title: string; siteName: string | null; kind: Capture['kind'] }>;
}

/**
 * The second reading of a web archive someone else made: every capture of an HTML page (a 200
 * response or resource, or a revisit of one) read with the capture's own code, as a click on the
 * live page would read it (Readability, the one sanitizer, metadata, the canonical address; a
 * page that is not an article is kept whole), dated by its WARC-Date, its images taken from the
 * archive's own records (the capture nearest in time, redirects followed), never from the
 * network. The same content captured again is a sighting of the same copy; new content is the
 * page's next version. Copies are handed to `stage` as each address is done; pages at the end,
 * their timelines worked out in order of time, whichever addresses led to them. `win`: the window
 * whose DOMParser reads the pages (an extension page's, or jsdom's).
 */
export async function readWebPages(
  noted: NotedArchive,
  files: ArchiveFile[],
  options: { win: Window; label: string; stage: (item: WebPageItem) => Promise<void>; onProgress?: (done: number, total: number) => void; signal?: AbortSignal },
): Promise<WebPagesRead> {
  const index = new CaptureIndex(noted.captures);
  const pageCaptures: { capture: ArchivedCapture; payload: ArchivedCapture }[] = [];
  const seenDuplicates = new Set<string>();
  let otherRecords = noted.skipped;
  for (const capture of index.all()) {
    const payload = capture.status === 200 ? index.payloadOf(capture) : null;
    if (!payload || !isHtml(payload) || payload.status !== 200) {
      otherRecords++;
      continue;
    }
    // The same page at the same second with the same payload is one capture, written twice.
    const key = `${capture.url} ${Math.floor(capture.date / 1000)} ${payload.digest ?? payload.offset}`;
    if (seenDuplicates.has(key)) continue;
    seenDuplicates.add(key);
    pageCaptures.push({ capture, payload });
  }
  const pages = new Map<string, PageNotes>();
  /** An image record's bytes as kept (or why not), by its place: pages share their site's pictures. */
  const images = new Map<string, ImageRef | { missing: MissingReason }>();
  const sizes = new Map<string, number>();
  const unreadable: string[] = [];
  /**
   * The new copies of the address being read, staged when the next address starts: one address's
   * captures are read together (they are sorted so), and a copy found again updates its last sighting.
   */
  const current: { url: string | null; copies: Map<string, { snapshot: SnapshotRecord; body: SnapshotBody }> } = { url: null, copies: new Map() };
  const flush = async () => {
    for (const copy of current.copies.values()) await options.stage({ kind: 'copy', ...copy });
    current.copies = new Map();
  };

  for (const [n, { capture, payload }] of pageCaptures.entries()) {
    options.signal?.throwIfAborted();
    options.onProgress?.(n, pageCaptures.length);
    if (current.url !== capture.url) {
      await flush();
      current.url = capture.url;
    }
    const outcome = await readPage(files, payload, capture.url, options.win);
    if (!outcome) {
      unreadable.push(capture.url);
      continue;
    }
    const id = await snapshotHash(outcome);
    const pageKey = pageKeyOf(outcome.kind, outcome.canonicalUrl, id);
    const notes: PageNotes = pages.get(pageKey) ?? { seen: [], copies: new Map() };
    pages.set(pageKey, notes);
    const at = capture.date;
    notes.seen.push({ id, at });
    if (notes.copies.has(id)) {
      // Seen before: the same copy, found again.
      const copy = current.copies.get(id);
      if (copy) copy.snapshot.lastSeenAt = Math.max(copy.snapshot.lastSeenAt, at);
      continue;
    }
    notes.copies.set(id, { title: outcome.title, siteName: outcome.siteName, kind: outcome.kind });
    // The same bounds as a save's downloads (utils/save/fetch-images.ts): so many pictures, so many bytes.
    const refs: ImageRef[] = [];
    let bytes = 0;
    for (const [i, url] of outcome.images.entries()) {
      if (i >= IMAGE_LIMITS.maxImages) {
        refs.push({ url, missing: 'too-many' });
        continue;
      }
      const ref = await imageRef(url, at);
      const size = 'hash' in ref ? (sizes.get(ref.hash) ?? 0) : 0;
      if (size && bytes + size > IMAGE_LIMITS.maxArticleBytes) refs.push({ url, missing: 'article-too-large' });
      else {
        bytes += size;
        refs.push(ref);
      }
    }
    const from: ImportedFrom = { file: options.label, record: payload.recordId, ...(noted.software[payload.file] ? { software: noted.software[payload.file] } : {}) };
    // Numbered as read; the import's last transaction numbers a page's copies again by their dates.
    const snapshot = snapshotOf(outcome, { id, pageUrl: pageKey, version: notes.copies.size, capturedAt: at, images: refs, importedFrom: from });
    current.copies.set(id, { snapshot, body: { snapshotId: id, html: outcome.html, text: outcome.text } });
  }
  await flush();
  for (const [url, notes] of pages) await options.stage({ kind: 'page', file: pageFile(url, notes) });
  options.onProgress?.(pageCaptures.length, pageCaptures.length);
  return { otherRecords, unreadable };

  /** An image of a page, from the archive's record nearest the page's capture, or why it is not kept. */
  async function imageRef(url: string, at: number): Promise<ImageRef> {
    const found = index.find(url, at);
    if (!found) return { url, missing: 'not-archived' };
    const place = `${found.file} ${found.offset}`;
    let known = images.get(place);
    if (!known) {
      const read = await readImage(files, found, url);
      if ('asset' in read) {
        sizes.set(read.hash, read.asset.size);
        await options.stage({ kind: 'asset', asset: read.asset });
      }
      known = 'asset' in read ? { url, hash: read.hash } : read;
      images.set(place, known);
    }
    return 'hash' in known ? { url, hash: known.hash } : { url, missing: known.missing };
  }
}

/**
 * A page's record and timeline from its captures in order of time: its first capture a new page,
 * new content a new version, the newest copy's content again unchanged, an older one's reverted.
 */
function pageFile(url: string, notes: PageNotes): PageFile {
  const seen = [...notes.seen].sort((a, b) => a.at - b.at);
  const known = new Set<string>();
  const sightings: Omit<SightingRecord, 'id'>[] = [];
  let latest = seen[0]!;
  let lastSavedAt = latest.at;
  for (const [i, { id, at }] of seen.entries()) {
    const kind = i === 0 ? 'new-page' : !known.has(id) ? 'new-version' : id === latest.id ? 'unchanged' : 'reverted';
    known.add(id);
    sightings.push({ pageUrl: url, snapshotId: id, at, kind });
    if (kind !== 'unchanged') lastSavedAt = at;
    latest = { id, at };
  }
  const copy = notes.copies.get(latest.id)!;
  const page: PageRecord = {
    url,
    kind: copy.kind,
    title: copy.title,
    siteName: copy.siteName,
    firstSavedAt: seen[0]!.at,
    lastSavedAt,
    lastSeenAt: latest.at,
    versionCount: notes.copies.size,
    latestSnapshotId: latest.id,
    changed: notes.copies.size > 1,
    tags: [],
    note: '',
  };
  return { format: 'samizdat-page', page, sightings };
}

/** A picture's record read, sniffed and hashed; or why it is not kept (a body that cannot be decoded is not a picture). */
async function readImage(files: ArchiveFile[], capture: ArchivedCapture, url: string): Promise<{ hash: string; asset: AssetRecord } | { missing: MissingReason }> {
  let body: Uint8Array;
  try {
    ({ body } = await readPayload(files, capture));
  } catch (error) {
    if (error instanceof BodyError) return { missing: 'not-an-image' };
    throw error;
  }
  const type = sniffImageType(body);
  if (!type) return { missing: 'not-an-image' };
  if (body.byteLength > IMAGE_LIMITS.maxImageBytes) return { missing: 'too-large' };
  const hash = await sha256Hex(body);
  return { hash, asset: { hash, blob: assetBlob(body, type), type, size: body.byteLength, url } };
}

/** The page read as a click reads it: its article, or, if it has none, the whole page; null if neither, or its body cannot be decoded. */
async function readPage(files: ArchiveFile[], capture: ArchivedCapture, url: string, win: Window): Promise<Capture | null> {
  let read: { body: Uint8Array; contentType: string | null };
  try {
    read = await readPayload(files, capture);
  } catch (error) {
    if (error instanceof BodyError) return null;
    throw error;
  }
  const { html } = decodeFetchedPage(read.body, read.contentType);
  const article = readFetchedPage(html, url, 'article', win);
  if (article.ok) return article.capture;
  const whole = readFetchedPage(html, url, 'page', win);
  return whole.ok ? whole.capture : null;
}

/** A record's payload, as a replay would serve it: an HTTP response's decoded body, or a resource's block. A body that cannot be decoded throws BodyError. */
async function readPayload(files: ArchiveFile[], capture: ArchivedCapture): Promise<{ body: Uint8Array; contentType: string | null }> {
  const file = files[capture.file]!;
  let record;
  try {
    record = await readRecordAt(file.bytes, capture.offset, capture.length, MAX_RECORD_BYTES);
  } catch (error) {
    if (error instanceof WarcError) throw refusedRecord(file.name, error);
    throw error;
  }
  if (capture.type === 'resource') return { body: record.block, contentType: record.fields.get('content-type') ?? null };
  const response = parseHttpResponse(record.block, MAX_RECORD_BYTES);
  return { body: response.body, contentType: response.headers.get('content-type') ?? null };
}
