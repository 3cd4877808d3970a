/**
 * The character encoding of a saved HTML file, found the way a browser finds it: byte order mark,
 * then <meta charset> or <meta http-equiv="Content-Type"> in the first 1024 bytes, then UTF-8 if
 * the bytes are valid UTF-8, else windows-1252 (the web's default for unlabelled pages).
 * Pages our users save are often windows-1251, KOI8-R, Shift_JIS or GBK, and say so only in a meta.
 */

export type EncodingSource = 'byte order mark' | '<meta charset>' | '<meta http-equiv>' | 'valid UTF-8' | 'default' | 'given' | 'Content-Type header';

export interface DecodedPage {
  html: string;
  /** The WHATWG name of the encoding used, e.g. "windows-1251". */
  encoding: string;
  source: EncodingSource;
}

const PRESCAN_BYTES = 1024;

/** The canonical name of an encoding label, or null when the platform does not know it. */
export function encodingName(label: string): string | null {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

function fromBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

function fromMeta(bytes: Uint8Array): { name: string; source: EncodingSource } | null {
  // Bytes as latin1: every byte is one character, and the markup we look for is ASCII.
  const head = Array.from(bytes.subarray(0, PRESCAN_BYTES), (b) => String.fromCharCode(b)).join('');
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const charset = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag)?.[1];
    if (!charset) continue;
    const name = encodingName(charset);
    // A page that says UTF-16 in ASCII markup is not UTF-16 (HTML's rule): read it as UTF-8.
    const fixed = name === 'utf-16le' || name === 'utf-16be' ? 'utf-8' : name;
    if (fixed) return { name: fixed, source: /http-equiv/i.test(tag) ? '<meta http-equiv>' : '<meta charset>' };
  }
  return null;
}

export function decodePage(bytes: Uint8Array, given?: string): DecodedPage {
  const decode = (encoding: string, source: EncodingSource): DecodedPage => ({
    html: new TextDecoder(encoding).decode(bytes),
    encoding,
    source,
  });
  if (given) {
    const name = encodingName(given);
    if (!name) throw new Error(`unknown encoding "${given}"`);
    return decode(name, 'given');
  }
  const bom = fromBom(bytes);
  if (bom) return decode(bom, 'byte order mark');
  const meta = fromMeta(bytes);
  if (meta) return decode(meta.name, meta.source);
  try {
    return { html: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', source: 'valid UTF-8' };
  } catch {
    return decode('windows-1252', 'default');
  }
}

/**
 * A page fetched from the web (a check of a watched page), decoded as a browser decodes it: its
 * byte order mark, then the charset of its Content-Type header, then what the page itself says.
 * Decoding a windows-1251 page as UTF-8 would read a changed text where nothing changed.
 */
export function decodeFetchedPage(bytes: Uint8Array, contentType: string | null): DecodedPage {
  const declared = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  const name = declared ? encodingName(declared) : null;
  if (fromBom(bytes) || !name) return decodePage(bytes);
  return { html: new TextDecoder(name).decode(bytes), encoding: name, source: 'Content-Type header' };
}
