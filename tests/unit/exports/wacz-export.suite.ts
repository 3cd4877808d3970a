import { execFile } from 'node:child_process';
import { createHash, webcrypto } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { WARCParser } from 'warcio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportWacz } from '../../../utils/archive/wacz/export-wacz';
import { renderWindow } from '../../helpers/archive';
import { recordCases } from '../../helpers/case-count';
import { freshLibrary } from '../../helpers/db';
import { saveCorpusLibrary } from '../../helpers/corpus-library';

/**
 * The web-archive export against the specifications themselves (WACZ 1.1.1, WARC 1.1, CDXJ, the
 * WACZ signing recommendation), checked by this file's own reading of the bytes and by
 * Webrecorder's warcio.js (its CLI and its parser), on every Readability corpus page, each with
 * an image of its own, and the seed article in two versions.
 */
const WARCIO = new URL('../../../node_modules/.bin/warcio', import.meta.url).pathname;
const NOW = () => Date.UTC(2026, 10, 25, 3);
/** Capture times with milliseconds, so that flooring to the second is tested. */
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5) + 789;
const run = promisify(execFile);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const ts14 = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace(/\D/g, '').slice(0, 14);

interface WarcRecord {
  version: string;
  headers: Record<string, string>;
  block: Buffer;
}

/** WARC records one after another (WARC 1.1, 4): version line, fields, CRLF, block, CRLF CRLF. */
function parseRecords(data: Buffer): WarcRecord[] {
  const records: WarcRecord[] = [];
  for (let at = 0; at < data.length; ) {
    const end = data.indexOf('\r\n\r\n', at);
    const [version, ...lines] = data.subarray(at, end).toString('utf8').split('\r\n');
    const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    const length = Number(headers['content-length']);
    expect(data.subarray(end + 4 + length, end + 8 + length).toString('latin1')).toBe('\r\n\r\n');
    records.push({ version: version!, headers, block: data.subarray(end + 4, end + 4 + length) });
    at = end + 8 + length;
  }
  return records;
}

/** The ZIP's own entries, from its central directory and local headers (APPNOTE 4.3.7, 4.3.12). */
function zipEntries(zip: Uint8Array) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const entries = [];
  for (let i = 0, at = view.getUint32(eocd + 16, true); i < view.getUint16(eocd + 10, true); i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const [nameLength, extra, comment, local] = [view.getUint16(at + 28, true), view.getUint16(at + 30, true), view.getUint16(at + 32, true), view.getUint32(at + 42, true)];
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    const localExtra = view.getUint16(local + 28, true);
    const dataAt = local + 30 + view.getUint16(local + 26, true) + localExtra;
    entries.push({ name: text(zip.subarray(at + 46, at + 46 + nameLength)), method: view.getUint16(at + 10, true), localMethod: view.getUint16(local + 8, true), extra, localExtra, stored: zip.subarray(dataAt, dataAt + view.getUint32(at + 20, true)) });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

const cdxjLines = (index: string) =>
  index.trimEnd().split('\n').map((line) => {
    const [, key, time, json] = /^(\S+) (\d{14}) (\{.*\})$/.exec(line) ?? expect.fail(`not a CDXJ line: ${line}`);
    return { line, key: key!, time: time!, ...(JSON.parse(json!) as { url: string; mime: string; digest: string; offset: string; length: string; filename: string }) };
  });

describe('the WACZ export', () => {
  const db = freshLibrary();
  let wacz: Uint8Array;
  let files: Record<string, Uint8Array>;
  let warcs: [string, Buffer][];
  const tried = { pages: 0, records: 0 };
  afterAll(() =>
    recordCases(import.meta.url, [
      { kind: 'documents', what: 'corpus pages in a WACZ, checked by hand and by warcio.js', count: tried.pages },
      { kind: 'documents', what: 'WARC records read by hand and by warcio.js', count: tried.records },
    ]),
  );

  beforeAll(async () => {
    await saveCorpusLibrary(db, T0);
    wacz = new Uint8Array(await (await exportWacz(db, { selection: { all: true }, generator: 'Samizdat test', win: renderWindow, now: NOW })).arrayBuffer());
    files = unzipSync(wacz);
    warcs = Object.entries(files).flatMap(([name, bytes]) => (name.startsWith('archive/') ? [[name, Buffer.from(bytes)] as [string, Buffer]] : []));
    tried.pages = (await db.pages.count()) - 1;
  }, 300_000);

  it('lists every file in datapackage.json with its hash and size, and signs it both ways', async () => {
    const pkg = JSON.parse(text(files['datapackage.json']!));
    expect(pkg).toMatchObject({ profile: 'data-package', wacz_version: '1.1.1', software: 'Samizdat test' });
    expect(new Date(pkg.created).toISOString()).toBe(pkg.created);
    for (const resource of pkg.resources) {
      expect(files[resource.path], resource.path).toBeDefined();
      expect(resource.hash).toBe(`sha256:${sha256(files[resource.path]!)}`);
      expect(resource.bytes).toBe(files[resource.path]!.byteLength);
    }
    const listed = pkg.resources.map((r: { path: string }) => r.path).sort();
    expect(Object.keys(files).filter((f) => f !== 'datapackage.json' && f !== 'datapackage-digest.json').sort()).toEqual(listed);
    expect(listed).toEqual(expect.arrayContaining(['pages/pages.jsonl', 'indexes/index.cdx', 'archive/samizdat-00001.warc.gz']));

    const digest = JSON.parse(text(files['datapackage-digest.json']!));
    expect(digest.path).toBe('datapackage.json');
    expect(digest.hash).toBe(`sha256:${sha256(files['datapackage.json']!)}`);
    expect(digest.signedData.hash).toBe(digest.hash);
    const b64 = (s: string) => Buffer.from(s, 'base64');
    const ecdsa = await webcrypto.subtle.importKey('spki', b64(digest.signedData.publicKey), { name: 'ECDSA', namedCurve: 'P-384' }, false, ['verify']);
    const ed25519 = await webcrypto.subtle.importKey('raw', b64(digest.samizdat.publicKey), 'Ed25519', false, ['verify']);
    const verify = (hash: string, pkgBytes: Uint8Array) =>
      Promise.all([
        webcrypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, ecdsa, b64(digest.signedData.signature), new TextEncoder().encode(hash)),
        webcrypto.subtle.verify('Ed25519', ed25519, b64(digest.samizdat.signature), pkgBytes),
      ]);
    expect(await verify(digest.hash, files['datapackage.json']!)).toEqual([true, true]);
    // One byte changed: its hash changes, and neither signature holds.
    const changed = files['datapackage.json']!.slice();
    changed[changed.indexOf(0x31)] = 0x32;
    expect(await verify(`sha256:${sha256(changed)}`, changed)).toEqual([false, false]);
  });

  it('stores the WARCs uncompressed in the ZIP, with no extra fields', () => {
    const entries = zipEntries(wacz);
    expect(entries.map((e) => e.name).sort()).toEqual(Object.keys(files).sort());
    for (const entry of entries) {
      expect([entry.name, entry.extra, entry.localExtra]).toEqual([entry.name, 0, 0]);
      expect(entry.localMethod).toBe(entry.method);
      if (!entry.name.startsWith('archive/')) continue;
      expect([entry.name, entry.method]).toEqual([entry.name, 0]);
      // Stored as is: a reader seeks into the ZIP at a CDXJ offset.
      expect(Buffer.compare(Buffer.from(entry.stored), Buffer.from(files[entry.name]!))).toBe(0);
    }
  });

  it('lists every copy in pages.jsonl and indexes every page and image record in index.cdx', async () => {
    const [header, ...lines] = text(files['pages/pages.jsonl']!).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(header).toMatchObject({ format: 'json-pages-1.0' });
    const snapshots = new Map((await db.snapshots.toArray()).map((s) => [s.id, s]));
    expect(lines).toHaveLength(snapshots.size);
    expect(lines.length).toBe(tried.pages + 2);
    expect(tried.pages).toBeGreaterThan(120);
    for (const page of lines) {
      const snapshot = snapshots.get(page.id)!;
      expect(page.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
      expect([page.url, Date.parse(page.ts)]).toEqual([snapshot.sourceUrl, snapshot.capturedAt]);
      expect(page.title.length * page.text.trim().length).toBeGreaterThan(0);
    }
    expect(new Set(lines.map((p) => p.id)).size).toBe(lines.length);

    const index = cdxjLines(text(files['indexes/index.cdx']!));
    const sorted = [...index].sort((a, b) => Buffer.compare(Buffer.from(a.line), Buffer.from(b.line)));
    expect(index.map((l) => l.line)).toEqual(sorted.map((l) => l.line));
    for (const entry of index) {
      const warc = warcs.find(([name]) => name === `archive/${entry.filename}`)![1];
      const [record, ...more] = parseRecords(gunzipSync(warc.subarray(Number(entry.offset), Number(entry.offset) + Number(entry.length))));
      expect(more).toHaveLength(0);
      expect(record!.version).toBe('WARC/1.1');
      expect(record!.headers['warc-type']).toBe('resource');
      expect(record!.headers['warc-target-uri']).toBe(entry.url);
      expect(ts14(record!.headers['warc-date']!)).toBe(entry.time);
      expect(entry.digest).toBe(`sha256:${sha256(record!.block)}`);
      expect(record!.headers['content-type']).toBe(entry.mime);
    }
    const at = new Set(index.filter((l) => l.mime.startsWith('text/html')).map((l) => `${l.url} ${l.time}`));
    for (const page of lines) expect(at.has(`${page.url} ${ts14(page.ts)}`), page.url).toBe(true);
    const urls = new Set(index.map((l) => l.url));
    const srcs = htmlRecords().flatMap(({ doc }) => [...doc.querySelectorAll('img[src]')].map((img) => img.getAttribute('src')!));
    expect(srcs.length).toBeGreaterThanOrEqual(lines.length);
    for (const src of srcs.filter((s) => !s.startsWith('data:'))) expect(urls.has(src), src).toBe(true);
  });

  /** Every HTML resource, parsed, with its record's headers (once: jsdom is slow). */
  let parsed: { record: WarcRecord; html: string; doc: Document }[] | undefined;
  function htmlRecords() {
    const parser = new (renderWindow as Window & typeof globalThis).DOMParser();
    parsed ??= warcs.flatMap(([, warc]) =>
      parseRecords(gunzipSync(warc)).filter((r) => r.headers['warc-type'] === 'resource' && r.headers['content-type']!.startsWith('text/html')).map((record) => ({ record, html: record.block.toString('utf8'), doc: parser.parseFromString(record.block.toString('utf8'), 'text/html') })),
    );
    return parsed;
  }

  it('is read by warcio.js: its CLI indexes and its parser reads every record as we wrote it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'samizdat-wacz-'));
    const index = cdxjLines(text(files['indexes/index.cdx']!));
    const ids = new Set(text(files['pages/pages.jsonl']!).trimEnd().split('\n').slice(1).map((line) => JSON.parse(line).id));
    const snapshotIds = new Set<string>();
    for (const [path, warc] of warcs) {
      const name = path.slice('archive/'.length);
      writeFileSync(join(dir, name), warc);
      const records = parseRecords(gunzipSync(warc));
      tried.records += records.length;
      const listed = (await run(process.execPath, [WARCIO, 'index', name, '-f', 'offset', 'warc-type', 'warc-target-uri'], { cwd: dir, maxBuffer: 1 << 28 })).stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(listed).toHaveLength(records.length);
      expect(listed.map((r) => r['warc-type'])).toEqual(records.map((r) => r.headers['warc-type']));
      expect(listed[0]['warc-type']).toBe('warcinfo');
      expect(listed.slice(1).every((r) => r['warc-type'] === 'resource' || r['warc-type'] === 'metadata')).toBe(true);
      // Each record its own gzip member, from warcio's offset to the next.
      const offsets = [...listed.map((r) => r.offset), warc.length];
      expect(offsets[0]).toBe(0);
      for (const [i, record] of records.entries()) {
        const member = parseRecords(gunzipSync(warc.subarray(offsets[i], offsets[i + 1])));
        expect(member.map((r) => r.headers['warc-record-id'])).toEqual([record.headers['warc-record-id']]);
      }
      const cdx = (await run(process.execPath, [WARCIO, 'cdx-index', name], { cwd: dir, maxBuffer: 1 << 28 })).stdout.trimEnd().split('\n');
      const theirs = new Map(cdxjLines(cdx.join('\n')).map((l) => [`${l.offset} ${l.length}`, l]));
      const ours = index.filter((l) => l.filename === name);
      expect(ours).toHaveLength(records.filter((r) => r.headers['warc-type'] === 'resource').length);
      for (const line of ours) {
        const their = theirs.get(`${line.offset} ${line.length}`);
        expect(their && [their.key, their.time, their.url, their.filename, `sha256:${their.digest}`]).toEqual([line.key, line.time, line.url, line.filename, line.digest]);
      }

      let read = 0;
      for await (const record of new WARCParser([warc])) {
        read++;
        const payload = await record.readFully();
        const type = record.warcContentType ?? '';
        if (record.warcType === 'resource') expect(record.warcPayloadDigest).toBe(`sha256:${sha256(payload)}`);
        if (record.warcType !== 'metadata' || !type.startsWith('application/json; profile="https://samizdat.invalid/format/snapshot"')) continue;
        const file = JSON.parse(text(payload));
        expect(file.format).toBe('samizdat-snapshot');
        expect(ids.has(file.snapshot.id), file.snapshot.id).toBe(true);
        snapshotIds.add(file.snapshot.id);
      }
      expect(read).toBe(records.length);
    }
    expect([...snapshotIds].sort()).toEqual([...ids].sort());
  }, 60_000);

  it('writes each copy as an inert page with its title, its text and its images at their own addresses', async () => {
    const urls = new Set(cdxjLines(text(files['indexes/index.cdx']!)).map((l) => l.url));
    const copies = htmlRecords();
    expect(copies).toHaveLength(await db.snapshots.count());
    const snapshots = await db.snapshots.toArray();
    const titles = new Map(text(files['pages/pages.jsonl']!).trimEnd().split('\n').slice(1).map((line) => [JSON.parse(line).id as string, JSON.parse(line).title as string]));
    for (const { record, html, doc } of copies) {
      const snapshot = snapshots.find((s) => s.sourceUrl === record.headers['warc-target-uri'] && Date.parse(record.headers['warc-date']!) === s.capturedAt)!;
      const body = (await db.bodies.get(snapshot.id))!;
      const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
      expect([flat(doc.title), doc.querySelector('h1') && flat(doc.querySelector('h1')!.textContent!)]).toEqual([flat(titles.get(snapshot.id)!), flat(titles.get(snapshot.id)!)]);
      const sentence = flat(body.text.split(/\n\s*\n/).sort((a, b) => b.length - a.length)[0]!).slice(0, 80);
      expect(flat(doc.body.textContent ?? ''), snapshot.sourceUrl).toContain(sentence);
      const kept = snapshot.images.flatMap((ref) => ('hash' in ref ? [ref.url] : []));
      const srcs = [...doc.querySelectorAll('img[src]')].map((img) => img.getAttribute('src')!).filter((s) => !s.startsWith('data:'));
      expect(srcs).toContain(kept[0]);
      for (const src of srcs) expect([kept.includes(src), /^https?:\/\//.test(src), urls.has(src)]).toEqual([true, true, true]);
      expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toContain("default-src 'none'");
      expect(html).not.toMatch(/<script/i);
    }
  });

  it('gives the same files when exported again at the same time, but for the ECDSA signature’s random part', async () => {
    const again = new Uint8Array(await (await exportWacz(db, { selection: { all: true }, generator: 'Samizdat test', win: renderWindow, now: NOW })).arrayBuffer());
    const other = unzipSync(again);
    for (const name of Object.keys(files)) if (name !== 'datapackage-digest.json') expect(Buffer.compare(Buffer.from(other[name]!), Buffer.from(files[name]!)), name).toBe(0);
    // ECDSA signatures are randomized (WebCrypto has no deterministic ECDSA): the rest must not differ.
    const digest = (bytes: Uint8Array) => ({ ...JSON.parse(text(bytes)), signedData: { ...JSON.parse(text(bytes)).signedData, signature: undefined } });
    expect(digest(other['datapackage-digest.json']!)).toEqual(digest(files['datapackage-digest.json']!));
    // ECDSA signs with a fresh random number each time, so the signature differs, and both verify.
    expect(JSON.parse(text(other['datapackage-digest.json']!)).signedData.signature).not.toBe(JSON.parse(text(files['datapackage-digest.json']!)).signedData.signature);
  }, 60_000);
});
