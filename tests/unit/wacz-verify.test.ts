import { assetBlob } from '../../utils/store/asset-blob';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { describeReport } from '../../utils/archive/report';
import { exportWacz } from '../../utils/archive/wacz/export-wacz';
import { readWarc } from '../../utils/archive/wacz/warc-reader';
import { warcRecord, type WarcType } from '../../utils/archive/wacz/warc-record';
import { verifyWacz } from '../../utils/archive/wacz/verify-wacz';
import { blobSource } from '../../utils/archive/zip-reader';
import { sha256Hex } from '../../utils/integrity/hash';
import { saveCapture } from '../../utils/store/save-capture';
import { renderWindow } from '../helpers/archive';
import { recordCases } from '../helpers/case-count';
import { runCommand } from '../helpers/cli';
import { freshLibrary } from '../helpers/db';
import { captureSeed } from '../helpers/seed';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const WARC = 'archive/samizdat-00001.warc.gz';
const dir = mkdtempSync(join(tmpdir(), 'samizdat-wacz-verify-'));
let tampered = 0;
afterAll(() => recordCases(import.meta.url, [{ kind: 'mutations', what: 'tampered or damaged web archives (samizdat verify)', count: tampered }]));

async function exported(): Promise<Record<string, Uint8Array>> {
  const db = freshLibrary();
  const original = captureSeed('article.html');
  const photo = { url: original.images[0]!, hash: await sha256Hex(PNG), blob: assetBlob(PNG, 'image/png'), type: 'image/png', size: PNG.byteLength };
  await saveCapture(db, original, 1000, [photo]);
  await saveCapture(db, captureSeed('article-edited.html'), 2000, [photo]);
  const blob = await exportWacz(db, { selection: { all: true }, generator: 'Samizdat test', win: renderWindow, now: () => Date.UTC(2026, 10, 25, 3) });
  return { ...unzipSync(new Uint8Array(await blob.arrayBuffer())) };
}

const check = (files: Record<string, Uint8Array>) => verifyWacz(blobSource(new Blob([zipSync(files as Zippable) as Uint8Array<ArrayBuffer>])));

/**
 * The WARC rewritten as a tamperer would: every record parsed, one changed, each written again
 * with its digest made anew, and compressed again a record at a time.
 */
async function rewriteRecord(files: Record<string, Uint8Array>, pick: (type: string, contentType: string) => boolean, edit: (text: string) => string): Promise<void> {
  const members: Uint8Array[] = [];
  let changed = false;
  for (const record of readWarc(files[WARC]!, 1 << 26)) {
    const type = record.fields.get('warc-type')!;
    const contentType = record.fields.get('content-type')!;
    let block = record.block;
    if (!changed && pick(type, contentType)) {
      block = strToU8(edit(new TextDecoder().decode(block)));
      changed = true;
    }
    const fields = { type: type as WarcType, id: record.fields.get('warc-record-id')!, date: Date.parse(record.fields.get('warc-date')!), contentType, targetUri: record.fields.get('warc-target-uri'), filename: record.fields.get('warc-filename') };
    members.push(gzipSync(await warcRecord(fields, block)));
  }
  expect(changed).toBe(true);
  files[WARC] = new Uint8Array(Buffer.concat(members));
}

describe('a web archive (WACZ) as samizdat verify checks it', () => {
  it('holds as exported: both signatures, every file, record and copy', async () => {
    const report = await check(await exported());
    expect(describeReport(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.packageSignature).toBe('valid');
    expect(report.manifestSignature).toBe('valid');
    expect(report.records).toBe(7);
    expect(report.snapshots.map((s) => [s.content, s.signature])).toEqual([
      [true, 'valid'],
      [true, 'valid'],
    ]);
  });

  const cases: [string, (files: Record<string, Uint8Array>) => void | Promise<void>, RegExp][] = [
    ['the article page changed (its digest made anew)', (f) => rewriteRecord(f, (type, ct) => type === 'resource' && ct.startsWith('text/html'), (html) => html.replace('Approximately 60', 'Approximately 6')), /altered: archive\/samizdat-00001\.warc\.gz.*datapackage\.json/],
    ['a copy’s text changed in its metadata record', (f) => rewriteRecord(f, (_type, ct) => ct.includes('format/snapshot'), (json) => json.replace('Approximately 60', 'Approximately 6')), /altered: the copy|was altered/i],
    ['one byte of a record’s block (its digest kept)', (f) => rewriteRecord(f, (type, ct) => type === 'resource' && ct.startsWith('image/'), (text) => text).then(() => flipInBlock(f)), /record at byte \d+: (its block differs|its checksum)/],
    ['the WARC cut short', (f) => void (f[WARC] = f[WARC]!.subarray(0, f[WARC]!.byteLength - 100)), /record at byte \d+: cut short/],
    ['datapackage.json changed', (f) => void (f['datapackage.json'] = strToU8(new TextDecoder().decode(f['datapackage.json']).replace('Samizdat test', 'Samizdat tesT'))), /Samizdat signature does not match[\s\S]*WACZ signature/],
    ['pages.jsonl removed', (f) => void delete f['pages/pages.jsonl'], /missing: pages\/pages\.jsonl/],
    ['a file added', (f) => void (f['archive/planted.warc.gz'] = gzipSync(strToU8('WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 0\r\n\r\n\r\n\r\n'))), /not part of the archive: archive\/planted\.warc\.gz \(datapackage\.json does not list it\)/],
    ['an index line pointing elsewhere, listed anew', (f) => relist(f, 'indexes/index.cdx', new TextDecoder().decode(f['indexes/index.cdx']).replace(/"offset":"(\d+)"/, (_m, n) => `"offset":"${Number(n) + 1}"`)), /points at no record of its address and time/],
    ['a page without a record, listed anew', (f) => relist(f, 'pages/pages.jsonl', `${new TextDecoder().decode(f['pages/pages.jsonl'])}{"url":"https://example.com/planted","ts":"2026-01-01T00:00:00Z","title":"planted"}\n`), /a page it lists has no record in the index: https:\/\/example\.com\/planted/],
    ['the Samizdat signature removed', (f) => void (f['datapackage-digest.json'] = strToU8(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(f['datapackage-digest.json'])), samizdat: undefined }))), /carries no Samizdat signature/],
  ];
  it.each(cases)('fails, saying where: %s', async (_name, edit, message) => {
    tampered++;
    const files = await exported();
    await edit(files);
    const report = await check(files);
    expect(report.ok).toBe(false);
    expect(describeReport(report).join('\n')).toMatch(message);
  });

  it('refuses a ZIP that is no web archive, and samizdat verify exits 1 or 0 as it should', async () => {
    tampered++;
    const files = await exported();
    delete files['datapackage.json'];
    const report = await check(files);
    expect(report.refusal?.code).toBe('no-datapackage');
    const good = join(dir, 'good.wacz');
    writeFileSync(good, zipSync((await exported()) as Zippable));
    const ok = await runCommand('verify', good, '--quiet');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Result: everything holds: 3 files and 2 saved copies/);
    const broken = await exported();
    await cases[0]![1](broken);
    const bad = join(dir, 'bad.wacz');
    writeFileSync(bad, zipSync(broken as Zippable));
    const failed = await runCommand('verify', bad);
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/Do not trust this web archive/);
  });
});

/** A file replaced, and datapackage.json made to list it as it now is: the tamperer's next step. */
async function relist(files: Record<string, Uint8Array>, path: string, text: string): Promise<void> {
  files[path] = strToU8(text);
  const pack = JSON.parse(new TextDecoder().decode(files['datapackage.json'])) as { resources: { path: string; hash: string; bytes: number }[] };
  const listed = pack.resources.find((resource) => resource.path === path)!;
  listed.hash = `sha256:${await sha256Hex(files[path]!)}`;
  listed.bytes = files[path]!.byteLength;
  files['datapackage.json'] = strToU8(JSON.stringify(pack));
}

/** One byte of the image record's PNG, changed inside its gzip member so that it still inflates. */
function flipInBlock(files: Record<string, Uint8Array>): void {
  const members: Uint8Array[] = [];
  let flipped = false;
  for (const record of readWarc(files[WARC]!, 1 << 26)) {
    const raw = new Uint8Array(Buffer.from(gunzipSync(files[WARC]!.subarray(record.offset, record.offset + record.length))));
    if (!flipped && record.fields.get('content-type')?.startsWith('image/')) {
      raw[raw.byteLength - 6]! ^= 1;
      flipped = true;
    }
    members.push(gzipSync(raw));
  }
  files[WARC] = new Uint8Array(Buffer.concat(members));
}
