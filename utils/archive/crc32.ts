/** CRC-32 (ISO 3309, as ZIP and gzip reckon it), one entry per byte value. */
const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/**
 * A CRC-32 taken a piece at a time, whose value can be read after any piece: a ZIP entry written
 * as it streams, and the end of a gzip member found while it is inflated (its trailer holds the
 * CRC of what it held, and nothing else says where it ends).
 */
export class Crc32 {
  private c = -1;

  push(bytes: Uint8Array): void {
    let c = this.c;
    for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 255]! ^ (c >>> 8);
    this.c = c;
  }

  /** The CRC of every byte pushed so far, unsigned. */
  get value(): number {
    return ~this.c >>> 0;
  }
}

/** The CRC-32 of bytes held whole. */
export function crc32(bytes: Uint8Array): number {
  const crc = new Crc32();
  crc.push(bytes);
  return crc.value;
}
