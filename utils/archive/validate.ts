import type { Signature } from '../integrity/signature';
import type { ImageRef, PageRecord, SnapshotRecord } from '../store/records';
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION, IMAGE_EXTENSIONS, type ArchivedCheck, type Manifest, type PageFile, type SnapshotFile } from './format';
import { ArchiveRefusal } from './problems';

/**
 * Archive JSON is untrusted input: every field is checked for its type before anything reads it,
 * and a file that fails names the field, so a report can say what is wrong and where.
 */
class Invalid extends Error {}

type Value = unknown;
const fail = (path: string, what: string): never => {
  throw new Invalid(`${path} should be ${what}`);
};
const obj = (v: Value, p: string) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Value>) : fail(p, 'an object'));
const str = (v: Value, p: string) => (typeof v === 'string' ? v : fail(p, 'text'));
const num = (v: Value, p: string) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(p, 'a number'));
const bool = (v: Value, p: string) => (typeof v === 'boolean' ? v : fail(p, 'true or false'));
const strOrNull = (v: Value, p: string) => (v === null ? null : str(v, p));
const arr = <T>(v: Value, p: string, each: (item: Value, p: string) => T): T[] => (Array.isArray(v) ? v.map((item, i) => each(item, `${p}[${i}]`)) : fail(p, 'a list'));
const oneOf = <T extends string>(v: Value, p: string, options: readonly T[]): T => (options.includes(v as T) ? (v as T) : fail(p, `one of ${options.join(', ')}`));
const hash = (v: Value, p: string) => (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? v : fail(p, 'a SHA-256 in hex'));

const KINDS = ['article', 'page', 'selection'] as const;
const MISSING = ['pending', 'interrupted', 'no-permission', 'unreachable', 'not-an-image', 'too-large', 'article-too-large', 'too-many', 'timeout', 'not-archived'] as const;
const SIGHTINGS = ['new-page', 'new-version', 'unchanged', 'reverted'] as const;

function signature(v: Value, p: string): Signature {
  const o = obj(v, p);
  return { algorithm: oneOf(o.algorithm, `${p}.algorithm`, ['Ed25519'] as const), publicKey: str(o.publicKey, `${p}.publicKey`), value: str(o.value, `${p}.value`), signedAt: num(o.signedAt, `${p}.signedAt`) };
}

function imageRef(v: Value, p: string): ImageRef {
  const o = obj(v, p);
  if ('hash' in o) return { url: str(o.url, `${p}.url`), hash: hash(o.hash, `${p}.hash`) };
  const missing = oneOf(o.missing, `${p}.missing`, MISSING);
  // An image the exporting library was still downloading: nothing here will download it.
  return { url: str(o.url, `${p}.url`), missing: missing === 'pending' ? 'interrupted' : missing };
}

function snapshotRecord(v: Value, p: string): SnapshotRecord {
  const o = obj(v, p);
  const record: SnapshotRecord = {
    id: hash(o.id, `${p}.id`),
    kind: oneOf(o.kind, `${p}.kind`, KINDS),
    pageUrl: str(o.pageUrl, `${p}.pageUrl`),
    sourceUrl: str(o.sourceUrl, `${p}.sourceUrl`),
    loadedUrl: str(o.loadedUrl, `${p}.loadedUrl`),
    version: num(o.version, `${p}.version`),
    capturedAt: num(o.capturedAt, `${p}.capturedAt`),
    lastSeenAt: num(o.lastSeenAt, `${p}.lastSeenAt`),
    title: str(o.title, `${p}.title`),
    byline: strOrNull(o.byline, `${p}.byline`),
    authors: arr(o.authors, `${p}.authors`, str),
    publisher: strOrNull(o.publisher, `${p}.publisher`),
    section: strOrNull(o.section, `${p}.section`),
    leadImage: strOrNull(o.leadImage, `${p}.leadImage`),
    siteName: strOrNull(o.siteName, `${p}.siteName`),
    lang: strOrNull(o.lang, `${p}.lang`),
    dir: o.dir === null ? null : oneOf(o.dir, `${p}.dir`, ['ltr', 'rtl'] as const),
    excerpt: strOrNull(o.excerpt, `${p}.excerpt`),
    publishedTime: strOrNull(o.publishedTime, `${p}.publishedTime`),
    modifiedTime: strOrNull(o.modifiedTime, `${p}.modifiedTime`),
    wordCount: num(o.wordCount, `${p}.wordCount`),
    images: arr(o.images, `${p}.images`, imageRef),
    imageHashes: arr(o.imageHashes, `${p}.imageHashes`, hash),
  };
  if (o.signature !== undefined) record.signature = signature(o.signature, `${p}.signature`);
  if (o.importedFrom !== undefined) {
    const from = obj(o.importedFrom, `${p}.importedFrom`);
    record.importedFrom = { file: str(from.file, `${p}.importedFrom.file`), record: str(from.record, `${p}.importedFrom.record`), ...(from.software !== undefined ? { software: str(from.software, `${p}.importedFrom.software`) } : {}) };
  }
  return record;
}

function pageRecord(v: Value, p: string): PageRecord {
  const o = obj(v, p);
  return {
    url: str(o.url, `${p}.url`),
    kind: oneOf(o.kind, `${p}.kind`, KINDS),
    title: str(o.title, `${p}.title`),
    siteName: strOrNull(o.siteName, `${p}.siteName`),
    firstSavedAt: num(o.firstSavedAt, `${p}.firstSavedAt`),
    lastSavedAt: num(o.lastSavedAt, `${p}.lastSavedAt`),
    lastSeenAt: num(o.lastSeenAt, `${p}.lastSeenAt`),
    versionCount: num(o.versionCount, `${p}.versionCount`),
    latestSnapshotId: hash(o.latestSnapshotId, `${p}.latestSnapshotId`),
    changed: bool(o.changed, `${p}.changed`),
    tags: arr(o.tags, `${p}.tags`, str),
    note: str(o.note, `${p}.note`),
  };
}

function parse<T>(bytes: Uint8Array, read: (v: Value) => T): T | string {
  try {
    return read(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)));
  } catch (error) {
    return error instanceof Invalid ? error.message : `not valid JSON (${(error as Error).message})`;
  }
}

/** A snapshot file, or what is wrong with it. */
export function parseSnapshotFile(bytes: Uint8Array): SnapshotFile | string {
  return parse(bytes, (v) => {
    const o = obj(v, 'file');
    oneOf(o.format, 'format', ['samizdat-snapshot'] as const);
    const body = obj(o.body, 'body');
    return { format: 'samizdat-snapshot', snapshot: snapshotRecord(o.snapshot, 'snapshot'), body: { html: str(body.html, 'body.html'), text: str(body.text, 'body.text') } };
  });
}

/** A page file, or what is wrong with it. */
export function parsePageFile(bytes: Uint8Array): PageFile | string {
  return parse(bytes, (v) => {
    const o = obj(v, 'file');
    oneOf(o.format, 'format', ['samizdat-page'] as const);
    const page = pageRecord(o.page, 'page');
    const sightings = arr(o.sightings, 'sightings', (s, p) => {
      const so = obj(s, p);
      const sighting = { pageUrl: str(so.pageUrl, `${p}.pageUrl`), snapshotId: hash(so.snapshotId, `${p}.snapshotId`), at: num(so.at, `${p}.at`), kind: oneOf(so.kind, `${p}.kind`, SIGHTINGS) };
      // A version found by a check of a watched page says so (docs/FORMAT.md); older archives never have it.
      return 'via' in so ? { ...sighting, via: oneOf(so.via, `${p}.via`, ['check'] as const) } : sighting;
    });
    const checks = 'checks' in o ? { checks: arr(o.checks, 'checks', (c, p) => checkRecord(c, p, page.url)) } : {};
    return { format: 'samizdat-page', page, sightings, ...checks };
  });
}

const OUTCOMES = ['unchanged', 'edited', 'removed', 'blocked', 'unreachable', 'moved', 'refused', 'unreadable', 'needs-permission'] as const;
const REASONS = ['redirected-home', 'not-found-page', 'signature', 'network', 'timeout', 'no-article', 'not-html', 'no-permission', 'same', 'changed'] as const;

/** A check of a watched page (docs/WATCHING.md), every field checked; only the page's own. */
function checkRecord(v: Value, p: string, pageUrl: string): ArchivedCheck {
  const o = obj(v, p);
  const opt = <T>(key: string, read: (value: Value, path: string) => T) => (key in o ? { [key]: read(o[key], `${p}.${key}`) } : {});
  if (str(o.pageUrl, `${p}.pageUrl`) !== pageUrl) fail(`${p}.pageUrl`, 'the address of the page it is filed with');
  const reason = str(o.reason, `${p}.reason`);
  if (!/^http-\d{3}$/.test(reason) && !(REASONS as readonly string[]).includes(reason)) fail(`${p}.reason`, `http-<status> or one of ${REASONS.join(', ')}`);
  return {
    pageUrl,
    at: num(o.at, `${p}.at`),
    url: str(o.url, `${p}.url`),
    outcome: oneOf(o.outcome, `${p}.outcome`, OUTCOMES),
    reason: reason as ArchivedCheck['reason'],
    ...opt('status', num),
    ...opt('finalUrl', str),
    ...opt('signature', (s, sp) => {
      const so = obj(s, sp);
      return { name: str(so.name, `${sp}.name`), scope: str(so.scope, `${sp}.scope`), countries: arr(so.countries, `${sp}.countries`, str) };
    }),
    ...opt('snapshotId', hash),
    ...opt('movedTo', str),
    ...opt('confirmed', bool),
    ...opt('streak', num),
    ...opt('othersAnswered', bool),
    ...opt('news', (n, np) => (n === 1 ? (1 as const) : fail(np, '1'))),
  };
}

/**
 * The manifest, or a refusal: without a readable manifest of a known format and version nothing
 * else in the archive can be checked.
 */
export function parseManifest(bytes: Uint8Array): Manifest {
  let raw: Value;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new ArchiveRefusal('bad-manifest', undefined, `it is not valid JSON (${(error as Error).message})`);
  }
  const head = raw && typeof raw === 'object' ? (raw as Record<string, Value>) : {};
  if (head.format !== ARCHIVE_FORMAT) throw new ArchiveRefusal('unknown-format', undefined, String(head.format));
  if (head.formatVersion !== ARCHIVE_FORMAT_VERSION) throw new ArchiveRefusal('future-version', undefined, String(head.formatVersion));
  try {
    const o = obj(raw, 'manifest');
    const exporter = obj(o.exporter, 'exporter');
    const files = obj(o.files, 'files');
    return {
      format: ARCHIVE_FORMAT,
      formatVersion: ARCHIVE_FORMAT_VERSION,
      generator: str(o.generator, 'generator'),
      exportedAt: str(o.exportedAt, 'exportedAt'),
      exporter: { algorithm: oneOf(exporter.algorithm, 'exporter.algorithm', ['Ed25519'] as const), publicKey: str(exporter.publicKey, 'exporter.publicKey') },
      files: Object.fromEntries(Object.entries(files).map(([path, value]) => [path, hash(value, `files["${path}"]`)])),
      snapshots: arr(o.snapshots, 'snapshots', (s, p) => {
        const so = obj(s, p);
        return { id: hash(so.id, `${p}.id`), page: str(so.page, `${p}.page`), json: str(so.json, `${p}.json`), html: str(so.html, `${p}.html`), signature: so.signature === null ? null : signature(so.signature, `${p}.signature`) };
      }),
      assets: arr(o.assets, 'assets', (a, p) => {
        const ao = obj(a, p);
        return { hash: hash(ao.hash, `${p}.hash`), path: str(ao.path, `${p}.path`), type: oneOf(ao.type, `${p}.type`, Object.keys(IMAGE_EXTENSIONS)), size: num(ao.size, `${p}.size`), url: str(ao.url, `${p}.url`) };
      }),
    };
  } catch (error) {
    throw new ArchiveRefusal('bad-manifest', undefined, error instanceof Invalid ? error.message : (error as Error).message);
  }
}
