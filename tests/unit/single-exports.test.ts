import { assetBlob } from '../../utils/store/asset-blob';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { parse } from 'yaml';
import { markdownExport } from '../../utils/archive/markdown';
import { singleFileHtml } from '../../utils/archive/single-file';
import { sha256Hex } from '../../utils/integrity/hash';
import { savedCopy } from '../../utils/store/queries';
import { saveCapture } from '../../utils/store/save-capture';
import { renderWindow } from '../helpers/archive';
import { freshLibrary } from '../helpers/db';
import { captureSeed } from '../helpers/seed';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9]);

async function copyWithPhoto(title?: string) {
  const db = freshLibrary();
  const capture = captureSeed('article.html');
  if (title !== undefined) capture.title = title;
  const hash = await sha256Hex(PNG);
  const outcome = await saveCapture(db, capture, Date.UTC(2026, 10, 24, 12), [{ url: capture.images[0]!, hash, blob: assetBlob(PNG, 'image/png'), type: 'image/png', size: PNG.length }]);
  return { copy: (await savedCopy(db, outcome.snapshotId))!, hash };
}

describe('one article as Markdown', () => {
  it('starts with YAML front matter that parses, even for a hostile title, and links its images as files', async () => {
    const title = 'Ответ: "нет" — #1\n---\nkey: injected';
    const { copy, hash } = await copyWithPhoto(title);
    const { blob, name } = await markdownExport(copy, renderWindow);
    expect(name).toMatch(/\.zip$/);
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
    const md = new TextDecoder().decode(Object.entries(files).find(([n]) => n.endsWith('.md'))![1]);
    const [, yaml] = md.split(/^---$/m);
    const front = parse(yaml!);
    expect(front).toMatchObject({
      title,
      authors: copy.snapshot.authors,
      source: copy.snapshot.sourceUrl,
      published: copy.snapshot.publishedTime,
      captured: '2026-11-24T12:00:00.000Z',
      hash: `sha256:${copy.snapshot.id}`,
      signed_by: copy.snapshot.signature!.publicKey,
    });
    expect(front).not.toHaveProperty('key');
    expect(md).toContain(`](images/${hash}.png)`);
    expect(files[`images/${hash}.png`]).toEqual(PNG);
    expect(md).not.toMatch(/\]\(https?:\/\/[^)]*\.(jpe?g|png|webp)/);
  });
});

describe('one article as a single HTML file', () => {
  it('holds its images as data: URLs under a CSP that forbids scripts and remote loads', async () => {
    const { copy } = await copyWithPhoto();
    const html = await singleFileHtml(copy, renderWindow);
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"`);
    expect(html).toContain('src="data:image/png;base64,');
    expect(html).not.toMatch(/\ssrc="https?:/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain(copy.snapshot.id);
    expect(html).toContain(copy.snapshot.title);
  });
});

describe('a copy whose source address is not a web address (a hostile archive can claim anything)', () => {
  it('shows the address as text, never as a link', async () => {
    const { copy } = await copyWithPhoto();
    const hostile = { ...copy, snapshot: { ...copy.snapshot, sourceUrl: 'javascript:alert(document.domain)' } };
    const html = await singleFileHtml(hostile, renderWindow);
    expect(html).toContain('javascript:alert(document.domain)');
    expect(html).not.toMatch(/href="javascript:/i);
  });
});
