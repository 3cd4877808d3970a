/**
 * Bytes or text appended as Blobs of about `partSize` each (bytes, or characters of text), so
 * that what they add up to (an archive's files, its directory, its manifest's lines) is not held
 * in the page's heap until the end: a Blob may live outside it, or on disk. Pieces are kept as
 * given until their part is made, so bytes must not change once pushed.
 */
export class BlobParts {
  private readonly parts: Blob[] = [];
  private pending: (Uint8Array<ArrayBuffer> | string | Blob)[] = [];
  private pendingSize = 0;

  constructor(private readonly partSize: number) {}

  /** A Blob joins by reference: its bytes are not read or copied. */
  push(piece: Uint8Array | string | Blob): void {
    this.pending.push(piece as Uint8Array<ArrayBuffer> | string | Blob);
    this.pendingSize += typeof piece === 'string' ? piece.length : piece instanceof Blob ? piece.size : piece.byteLength;
    if (this.pendingSize >= this.partSize) this.flush();
  }

  /** Every piece so far, in order, as Blobs. */
  blobs(): Blob[] {
    this.flush();
    return this.parts;
  }

  private flush(): void {
    if (!this.pending.length) return;
    this.parts.push(new Blob(this.pending));
    this.pending = [];
    this.pendingSize = 0;
  }
}
