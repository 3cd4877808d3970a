import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { capturePage } from '../../utils/capture/capture-page';
import type { Capture } from '../../utils/capture/types';
import { assetBlob } from '../../utils/store/asset-blob';
import type { LibraryDatabase } from '../../utils/store/db';
import { saveCapture } from '../../utils/store/save-capture';
import { CORPUS, readText, windowFor } from './dom';
import { captureSeed } from './seed';

const ROOT = `${CORPUS}readability/`;
/** Mozilla's Readability test pages, by name. */
export const CORPUS_NAMES = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * A real PNG (signature, IHDR, IDAT, IEND, each with its CRC), its colour from `seed`; with
 * `noise`, that many random bytes more in its IDAT: an image larger than one IPFS chunk.
 */
export function png(seed: number, noise = 0): Uint8Array {
  const crc32 = (b: Uint8Array) => {
    let c = ~0;
    for (const x of b) for (let k = 0, d = (c ^= x); k < 8; k++) c = d = (d >>> 1) ^ (0xedb88320 & -(d & 1));
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = Buffer.concat([deflateSync(Buffer.from([0, seed & 255, (seed >> 8) & 255, 0x5a])), randomBytes(noise)]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array())]);
}

/** Saves a copy with an image kept: its own first image, or one added to it. */
export async function saveWithImage(db: LibraryDatabase, capture: Capture, at: number, seed: number, noise = 0): Promise<void> {
  const url = capture.images[0] ?? new URL(`samizdat-test-${seed}.png`, capture.canonicalUrl).href;
  const withImage = capture.images.length ? capture : { ...capture, images: [url], html: `${capture.html}<p><img data-samizdat-src="${url}" alt=""></p>` };
  const bytes = png(seed, noise);
  await saveCapture(db, withImage, at, [{ url, hash: sha256(bytes), blob: assetBlob(bytes, 'image/png'), type: 'image/png', size: bytes.byteLength }]);
}

let captured: Promise<Map<string, Capture | undefined>> | undefined;

/**
 * A corpus page as the capture reads it at `http://fakehost/<name>/page.html`, or undefined where
 * the capture refuses it. Each page is captured once per test file (the capture depends on neither
 * the time nor chance), so the export suites of one file share the work: 130 jsdom windows and
 * captures took about a minute in each of them. Each caller gets its own copy.
 */
export async function corpusCapture(name: string): Promise<Capture | undefined> {
  captured ??= (async () => {
    const all = new Map<string, Capture | undefined>();
    for (const page of CORPUS_NAMES) {
      const win = windowFor(readText(`${ROOT}${page}/source.html.gz`), `http://fakehost/${page}/page.html`);
      const outcome = capturePage(win.document, win);
      win.close();
      all.set(page, outcome.ok ? outcome.capture : undefined);
      // jsdom tidies a closed window when the event loop turns: a loop that never yields doubles its time.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return all;
  })();
  const capture = (await captured).get(name);
  return capture && structuredClone(capture);
}

/**
 * Every Readability corpus page the capture reads, each with an image of its own, saved a minute
 * apart from `t0`, and the seed article in two versions (one page, two copies, the same photo).
 * Returns the number of corpus pages saved.
 */
export async function saveCorpusLibrary(db: LibraryDatabase, t0: number): Promise<number> {
  let saved = 0;
  for (const [i, name] of CORPUS_NAMES.entries()) {
    const capture = await corpusCapture(name);
    if (!capture) continue;
    await saveWithImage(db, capture, t0 + i * 61_001, i);
    saved++;
  }
  await saveWithImage(db, captureSeed('article.html'), t0 + 400 * 61_001, 1000);
  await saveWithImage(db, captureSeed('article-edited.html'), t0 + 401 * 61_001 + 1, 1000);
  return saved;
}
