/** The one hash of the project: SHA-256 from WebCrypto (extension pages, worker, Node), as lowercase hex. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return Array.from(await sha256Bytes(data), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The same hash as bytes: what an IPFS block's address (its CID's multihash) is made of. */
export async function sha256Bytes(data: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}
