/** Pieces of bytes as one array; a single piece is returned as it is. */
export function concatBytes(chunks: Uint8Array[], size = chunks.reduce((n, chunk) => n + chunk.byteLength, 0)): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
