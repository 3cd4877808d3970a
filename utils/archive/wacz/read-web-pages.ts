import type { Capture } from '../../capture/types';
import { decodeFetchedPage } from '../../capture/charset';
import { sha256Hex } from '../../integrity/hash';
import { snapshotHash } from '../../integrity/snapshot-hash';
import { IMAGE_LIMITS, sniffImageType } from '../../save/fetch-images';
import { pageKeyOf } from '../../store/page-key';
import type { AssetRecord, ImageRef, ImportedFrom, PageRecord, SightingRecord, SnapshotBody, SnapshotRecord } from '../../store/records';
import { snapshotOf } from '../../store/save-capture';
import { readFetchedPage } from '../../watch/read-fetched-page';
import type { PageFile } from '../format';
import { CaptureIndex, isHtml, MAX_RECORD_BYTES, RecordRefused, type ArchiveFile, type ArchivedCapture, type NotedArchive } from './archived-captures';
import { BodyError, parseHttpResponse } from './http-response';
import { readRecordAt, WarcError } from './warc-reader';

/** What the second reading hands on to be staged, as an archive's verifier hands on its files. */
export type WebPageItem = { kind: 'asset'; asset: AssetRecord } | { kind: 'copy'; snapshot: SnapshotRecord; body: SnapshotBody } | { kind: 'page'; file: PageFile };

export interface WebPagesRead {
  /** Captures of HTML pages read. */
  pages: number;
  /** Records neither a page nor an image of one (scripts, styles, redirects, other media). */
  otherRecords: number;
  /** Pages the capture could not read at all, by address: left out, and said. */
  unreadable: string[];
}

/** What the import knows of a page while it reads the archive's captures of it: a few hundred bytes. */
interface PageSummary {
  kind: Capture['kind'];
  firstSavedAt: number;
  lastSavedAt: number;
  lastSeenAt: number;
  latest: { id: string; title: string; siteName: string | null; kind: Capture['kind']; at: number };
  ids: string[];
  sightings: Omit<SightingRecord, 'id'>[];
}

/**
 * The second reading of a web archive someone else made: every capture of an HTML page (a 200
 * response or resource, or a revisit of one) read with the capture's own code, as a click on the
 * live page would read it (Readability, the one sanitizer, metadata, the canonical address; a
 * page that is not an article is kept whole), dated by its WARC-Date, its images taken from the
 * archive's own records (the capture nearest in time, redirects followed), never from the
 * network. A page captured again with the same content is a sighting of the same copy; new
 * content is its next version. Copies are handed to `stage` as each address is done; pages at the
 * end. `win`: the window whose DOMParser reads the pages (an extension page's, or jsdom's).
 */
export async function readWebPages(
  noted: NotedArchive,
  files: ArchiveFile[],
  options: { win: Window; label: string; stage: (item: WebPageItem) => Promise<void>; onProgress?: (done: number, total: number) => void; signal?: AbortSignal },
): Promise<WebPagesRead> {
  const index = new CaptureIndex(noted.captures);
  const pageCaptures: { capture: ArchivedCapture; payload: ArchivedCapture }[] = [];
  const seenDuplicates = new Set<string>();
  let otherRecords = 0;
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
  const pages = new Map<string, PageSummary>();
  const stagedAssets = new Set<string>();
  /** An image record's bytes as kept (or why not), by its place: pages share their site's pictures. */
  const images = new Map<string, ImageRef | { missing: 'not-an-image' | 'too-large' }>();
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
    const read = await readPayload(files, payload);
    const outcome = readCapture(read, capture.url, options.win);
    if (!outcome) {
      unreadable.push(capture.url);
      continue;
    }
    const id = await snapshotHash(outcome);
    const pageKey = pageKeyOf(outcome.kind, outcome.canonicalUrl, id);
    const summary = pages.get(pageKey);
    const at = capture.date;
    if (summary?.ids.includes(id)) {
      // Seen before: the same copy, found again.
      const kind = summary.latest.id === id ? 'unchanged' : 'reverted';
      summary.sightings.push({ pageUrl: pageKey, snapshotId: id, at, kind });
      summary.lastSeenAt = Math.max(summary.lastSeenAt, at);
      const copy = current.copies.get(id);
      if (copy) copy.snapshot.lastSeenAt = Math.max(copy.snapshot.lastSeenAt, at);
      if (kind === 'reverted' && at >= summary.latest.at) {
        summary.latest = { ...summary.latest, id, at };
        summary.lastSavedAt = Math.max(summary.lastSavedAt, at);
      }
      continue;
    }
    const refs: ImageRef[] = [];
    for (const url of outcome.images) refs.push(await imageRef(url, at));
    const from: ImportedFrom = { file: options.label, record: payload.recordId, ...(noted.software[payload.file] ? { software: noted.software[payload.file] } : {}) };
    const snapshot = snapshotOf(outcome, { id, pageUrl: pageKey, version: (summary?.ids.length ?? 0) + 1, capturedAt: at, images: refs, importedFrom: from });
    current.copies.set(id, { snapshot, body: { snapshotId: id, html: outcome.html, text: outcome.text } });
    if (!summary) {
      pages.set(pageKey, {
        kind: outcome.kind,
        firstSavedAt: at,
        lastSavedAt: at,
        lastSeenAt: at,
        latest: { id, title: outcome.title, siteName: outcome.siteName, kind: outcome.kind, at },
        ids: [id],
        sightings: [{ pageUrl: pageKey, snapshotId: id, at, kind: 'new-page' }],
      });
    } else {
      summary.ids.push(id);
      summary.sightings.push({ pageUrl: pageKey, snapshotId: id, at, kind: 'new-version' });
      summary.firstSavedAt = Math.min(summary.firstSavedAt, at);
      summary.lastSeenAt = Math.max(summary.lastSeenAt, at);
      if (at >= summary.latest.at) {
        summary.latest = { id, title: outcome.title, siteName: outcome.siteName, kind: outcome.kind, at };
        summary.lastSavedAt = at;
      }
    }
  }
  await flush();
  for (const [url, summary] of pages) {
    const page: PageRecord = {
      url,
      kind: summary.latest.kind,
      title: summary.latest.title,
      siteName: summary.latest.siteName,
      firstSavedAt: summary.firstSavedAt,
      lastSavedAt: summary.lastSavedAt,
      lastSeenAt: summary.lastSeenAt,
      versionCount: summary.ids.length,
      latestSnapshotId: summary.latest.id,
      changed: summary.ids.length > 1,
      tags: [],
      note: '',
    };
    await options.stage({ kind: 'page', file: { format: 'samizdat-page', page, sightings: summary.sightings } });
  }
  options.onProgress?.(pageCaptures.length, pageCaptures.length);
  return { pages: pageCaptures.length, otherRecords, unreadable };

  /** An image of a page, from the archive's record nearest the page's capture, or why it is not kept. */
  async function imageRef(url: string, at: number): Promise<ImageRef> {
    const found = index.find(url, at);
    if (!found) return { url, missing: 'not-archived' };
    const place = `${found.file} ${found.offset}`;
    let known = images.get(place);
    if (!known) {
      const { body } = await readPayload(files, found);
      const type = sniffImageType(body);
      if (!type) known = { missing: 'not-an-image' };
      else if (body.byteLength > IMAGE_LIMITS.maxImageBytes) known = { missing: 'too-large' };
      else {
        const hash = await sha256Hex(body);
        if (!stagedAssets.has(hash)) {
          stagedAssets.add(hash);
          await options.stage({ kind: 'asset', asset: { hash, blob: new Blob([body as Uint8Array<ArrayBuffer>], { type }), type, size: body.byteLength, url } });
        }
        known = { url, hash };
      }
      images.set(place, known);
    }
    return 'hash' in known ? { url, hash: known.hash } : { url, missing: known.missing };
  }
}

/** A record's payload, as a replay would serve it: an HTTP response's decoded body, or a resource's block. */
async function readPayload(files: ArchiveFile[], capture: ArchivedCapture): Promise<{ body: Uint8Array; contentType: string | null }> {
  const file = files[capture.file]!;
  try {
    const record = await readRecordAt(file.bytes, capture.offset, capture.length, MAX_RECORD_BYTES);
    if (capture.type === 'resource') return { body: record.block, contentType: record.fields.get('content-type') ?? null };
    const response = parseHttpResponse(record.block, MAX_RECORD_BYTES);
    return { body: response.body, contentType: response.headers.get('content-type') ?? null };
  } catch (error) {
    if (error instanceof WarcError) throw new RecordRefused(file.name, error.offset, error.message.replace(/^the record at byte \d+: /, ''));
    if (error instanceof BodyError) throw new RecordRefused(file.name, capture.offset, error.message);
    throw error;
  }
}

/** The page read as a click reads it: its article, or, if it has none, the whole page; null if neither. */
function readCapture(read: { body: Uint8Array; contentType: string | null }, url: string, win: Window): Capture | null {
  const { html } = decodeFetchedPage(read.body, read.contentType);
  const article = readFetchedPage(html, url, 'article', win);
  if (article.ok) return article.capture;
  const whole = readFetchedPage(html, url, 'page', win);
  return whole.ok ? whole.capture : null;
}
