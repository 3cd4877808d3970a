/**
 * The one maker of an image's Blob for the library (a download, an import), which remembers the
 * bytes it was made from. A protected library seals each record inside its transaction, where a
 * Blob cannot be read (reading it is an await that closes the transaction): it seals the bytes
 * remembered here instead (utils/store/sealed-tables.ts). Weakly held: the bytes go with the Blob.
 */
const madeFrom = new WeakMap<Blob, Uint8Array>();

/** A Blob of these bytes, whose bytes a protected library can seal. */
export function assetBlob(bytes: Uint8Array, type: string): Blob {
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type });
  madeFrom.set(blob, bytes);
  return blob;
}

/** The bytes an asset Blob was made from, if assetBlob made it. */
export function assetBytes(blob: Blob): Uint8Array | undefined {
  return madeFrom.get(blob);
}
