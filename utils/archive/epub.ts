import { displayTitle, hostOf, isWebAddress } from '../format';
import { formatTime } from '../i18n';
import { sha256Hex } from '../integrity/hash';
import type { LibraryDatabase } from '../store/db';
import { savedCopy } from '../store/queries';
import { articleElement } from './article-document';
import { bookLanguage, XHTML_NS, XhtmlBuilder } from './epub-content';
import { IMAGE_EXTENSIONS } from './format';
import { countSelected, selectedPages, type PageSelection } from './selection';
import type { Packer } from './pack';
import { ZipWriter } from './zip-writer';

/** Image types every EPUB 3 reading system shows (EPUB 3.2 core media types, as epubcheck 4 checks them); others are named, not included. */
const CORE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml']);

export interface EpubOptions {
  selection: PageSelection;
  win: Window;
  signal?: AbortSignal;
  onProgress?: (progress: { pages: number; total: number }) => void;
  now?: () => number;
  /** Packs the chapters elsewhere (a worker); here when absent. */
  pack?: Packer;
}

const escapeXml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The selected pages' newest copies as an EPUB 3 book, one chapter each with its provenance, and
 * its kept images inside. Written chapter by chapter into a ZIP (utils/archive/zip-writer.ts); the XHTML is rebuilt by
 * XhtmlBuilder and serialized by the browser's own XMLSerializer, so every chapter is well-formed.
 */
export async function exportEpub(db: LibraryDatabase, options: EpubOptions): Promise<Blob> {
  const now = (options.now ?? Date.now)();
  const zip = new ZipWriter(new Date(now), options.pack);
  // The mimetype comes first and uncompressed: that is how a reading system recognises the book.
  zip.add('mimetype', 'application/epub+zip', false);
  zip.add('META-INF/container.xml', `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
`, true);
  const chapters: { path: string; title: string; lang: string | undefined }[] = [];
  const images = new Map<string, { path: string; type: string }>();
  const ids: string[] = [];
  const total = await countSelected(db, options.selection);
  let done = 0;
  for await (const page of selectedPages(db, options.selection)) {
    options.signal?.throwIfAborted();
    const copy = await savedCopy(db, page.latestSnapshotId);
    if (!copy) continue;
    const { snapshot } = copy;
    ids.push(snapshot.id);
    const local = new Map<string, string>();
    for (const ref of snapshot.images) {
      const blob = copy.images.get(ref.url);
      if (!('hash' in ref) || !blob || !CORE_IMAGES.has(blob.type)) continue;
      const path = `images/${ref.hash}.${IMAGE_EXTENSIONS[blob.type]}`;
      if (!images.has(ref.hash)) {
        zip.add(`OEBPS/${path}`, new Uint8Array(await blob.arrayBuffer()), false);
        images.set(ref.hash, { path, type: blob.type });
      }
      local.set(ref.url, `../${path}`);
    }
    const path = `chapters/${String(chapters.length + 1).padStart(5, '0')}.xhtml`;
    const title = displayTitle(snapshot.title, snapshot.sourceUrl);
    const lang = bookLanguage(snapshot.lang);
    const doc = options.win.document.implementation.createDocument(XHTML_NS, 'html', null);
    const x = new XhtmlBuilder(doc, { source: (url) => local.get(url) });
    const html = doc.documentElement;
    html.setAttribute('xmlns:epub', 'http://www.idpf.org/2007/ops');
    if (lang) {
      html.setAttribute('lang', lang);
      html.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:lang', lang);
    }
    if (snapshot.dir) html.setAttribute('dir', snapshot.dir);
    html.append(x.el('head', {}, x.el('title', {}, title), x.el('link', { rel: 'stylesheet', type: 'text/css', href: '../style.css' })));
    const body = html.appendChild(x.el('body'));
    const section = body.appendChild(x.el('section', { 'epub:type': 'chapter' }));
    section.append(x.el('h1', {}, title));
    const facts = [snapshot.byline, snapshot.siteName ?? hostOf(snapshot.sourceUrl), snapshot.publishedTime ? `published ${formatTime(snapshot.publishedTime)}` : null, `saved ${formatTime(snapshot.capturedAt)}`].filter(Boolean).join(' · ');
    section.append(x.el('p', { class: 'provenance' }, facts));
    section.append(x.el('p', { class: 'provenance' }, 'Source: ', isWebAddress(snapshot.sourceUrl) ? x.el('a', { href: snapshot.sourceUrl }, snapshot.sourceUrl) : snapshot.sourceUrl));
    section.append(x.el('p', { class: 'provenance hash' }, `SHA-256 ${snapshot.id}`));
    x.flow(articleElement(copy.body.html, snapshot, (url) => local.get(url), options.win), section);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n${new (options.win as unknown as typeof globalThis).XMLSerializer().serializeToString(html)}\n`;
    zip.add(`OEBPS/${path}`, xml, true);
    await zip.ready();
    chapters.push({ path, title, lang });
    done++;
    options.onProgress?.({ pages: done, total });
  }
  options.signal?.throwIfAborted();
  const langs = new Set(chapters.map((c) => c.lang ?? 'und'));
  const bookLang = langs.size === 1 ? [...langs][0]! : 'mul';
  const bookTitle = chapters.length === 1 ? chapters[0]!.title : `Saved articles (${chapters.length})`;
  const uuid = (await sha256Hex(ids.join('\n'))).replace(/^(.{8})(.{4})(.{3})(.{3})(.{12}).*$/, '$1-$2-5$3-8$4-$5');
  const modified = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z');
  zip.add('OEBPS/style.css', 'body { line-height: 1.5; } img { max-width: 100%; } .provenance { font-size: 0.85em; color: #555; } .hash { font-family: monospace; font-size: 0.75em; word-break: break-all; } figcaption { font-size: 0.9em; }\n', true);
  zip.add('OEBPS/nav.xhtml', `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">
<head><title>Contents</title></head>
<body>
<nav epub:type="toc" id="toc"><h1>Contents</h1>
<ol>
${chapters.map((c) => `<li><a href="${c.path}"${c.lang ? ` lang="${c.lang}" xml:lang="${c.lang}"` : ''}>${escapeXml(c.title)}</a></li>`).join('\n')}
</ol>
</nav>
</body>
</html>
`, true);
  zip.add('OEBPS/content.opf', `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="en">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="book-id">urn:uuid:${uuid}</dc:identifier>
<dc:title>${escapeXml(bookTitle)}</dc:title>
<dc:language>${bookLang}</dc:language>
<dc:creator>Samizdat</dc:creator>
<meta property="dcterms:modified">${modified}</meta>
</metadata>
<manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="style" href="style.css" media-type="text/css"/>
${chapters.map((c, i) => `<item id="c${i + 1}" href="${c.path}" media-type="application/xhtml+xml"/>`).join('\n')}
${[...images.values()].map((img, i) => `<item id="i${i + 1}" href="${img.path}" media-type="${img.type}"/>`).join('\n')}
</manifest>
<spine>
${chapters.map((_c, i) => `<itemref idref="c${i + 1}"/>`).join('\n')}
</spine>
</package>
`, true);
  return zip.finish('application/epub+zip');
}
