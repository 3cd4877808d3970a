import { describe, expect, it } from 'vitest';
import { ARCHIVE_FORMAT, type Manifest } from '../../utils/archive/format';
import { ManifestWriter } from '../../utils/archive/manifest-writer';

const head: Omit<Manifest, 'files' | 'snapshots' | 'assets'> = {
  format: ARCHIVE_FORMAT,
  formatVersion: 1,
  generator: 'Samizdat 0.1.0',
  exportedAt: '2026-12-02T16:00:00.000Z',
  exporter: { algorithm: 'Ed25519', publicKey: 'MCowBQYDK2VwAyEA' },
};

async function written(manifest: Manifest): Promise<string> {
  const writer = new ManifestWriter();
  for (const [path, hash] of Object.entries(manifest.files)) writer.file(path, hash);
  for (const entry of manifest.snapshots) writer.snapshot(entry);
  for (const entry of manifest.assets) writer.asset(entry);
  return new TextDecoder().decode(await writer.bytes(head));
}

describe('the manifest writer', () => {
  it('writes what JSON.stringify with one space writes, for an archive of one page', async () => {
    const manifest: Manifest = {
      ...head,
      files: { 'data/pages/a.json': 'a'.repeat(64), 'articles/b.html': 'b'.repeat(64), 'images/c.png': 'c'.repeat(64) },
      snapshots: [{ id: 'b'.repeat(64), page: 'data/pages/a.json', json: 'data/snapshots/b.json', html: 'articles/b.html', signature: { algorithm: 'Ed25519', publicKey: 'k', value: 'v"\n', signedAt: 7 } }],
      assets: [{ hash: 'c'.repeat(64), path: 'images/c.png', type: 'image/png', size: 12, url: 'https://пример.рф/фото.png' }],
    };
    expect(await written(manifest)).toBe(`${JSON.stringify(manifest, null, 1)}\n`);
  });

  it('writes empty lists as JSON.stringify does, and thousands of entries across its parts', async () => {
    expect(await written({ ...head, files: {}, snapshots: [], assets: [] })).toBe(`${JSON.stringify({ ...head, files: {}, snapshots: [], assets: [] }, null, 1)}\n`);
    const many: Manifest = { ...head, files: {}, snapshots: [], assets: [] };
    for (let i = 0; i < 5000; i++) {
      many.files[`data/pages/${i}.json`] = i.toString(16).padStart(64, '0');
      many.snapshots.push({ id: `${i}`, page: `data/pages/${i}.json`, json: `data/snapshots/${i}.json`, html: `articles/${i}.html`, signature: null });
    }
    expect(await written(many)).toBe(`${JSON.stringify(many, null, 1)}\n`);
  });
});
