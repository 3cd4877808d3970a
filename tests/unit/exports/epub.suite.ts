import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { exportEpub } from '../../../utils/archive/epub';
import { saveCapture } from '../../../utils/store/save-capture';
import { renderWindow } from '../../helpers/archive';
import { freshLibrary } from '../../helpers/db';
import { corpusCapture } from '../../helpers/corpus-library';
import { CORPUS } from '../../helpers/dom';
import { epubcheck } from '../../helpers/epubcheck';

const ROOT = `${CORPUS}readability/`;
// Every other page: half the corpus keeps every kind of markup it has, in half the time.
const PAGES = readdirSync(ROOT, { withFileTypes: true }).filter((d, i) => d.isDirectory() && i % 2 === 0).map((d) => d.name);

/**
 * Half the corpus pages (every other one), in one book, through epubcheck (Debian's package, as in CI):
 * the web's markup at its worst must still come out as a valid EPUB 3.
 */
describe('the EPUB export', () => {
  it('turns the Readability corpus pages into a book that passes epubcheck', async () => {
    const db = freshLibrary();
    let saved = 0;
    for (const [i, name] of PAGES.entries()) {
      const capture = await corpusCapture(name);
      if (!capture) continue;
      await saveCapture(db, capture, 1000 + i);
      saved++;
    }
    expect(saved).toBeGreaterThan(60);
    const blob = await exportEpub(db, { selection: { all: true }, win: renderWindow, now: () => Date.UTC(2026, 10, 25) });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const files = unzipSync(bytes);
    expect(Object.keys(files)[0]).toBe('mimetype');
    expect(Object.keys(files).filter((f) => f.endsWith('.xhtml'))).toHaveLength((await db.pages.count()) + 1);
    const path = join(mkdtempSync(join(tmpdir(), 'samizdat-epub-')), 'corpus.epub');
    writeFileSync(path, bytes);
    const messages = epubcheck(path);
    expect(messages.split('\n').slice(0, 30).join('\n')).toBe('');
  }, 180_000);
});
