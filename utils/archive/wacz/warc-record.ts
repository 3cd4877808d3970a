import { sha256Hex } from '../../integrity/hash';

/**
 * One WARC 1.1 record (ISO 28500:2017), as bytes: the version line, the named fields, a blank
 * line, the block, and the two line ends that close a record. The one place records are spelt.
 */
export type WarcType = 'warcinfo' | 'resource' | 'metadata';

export interface WarcRecordFields {
  type: WarcType;
  /** `<urn:uuid:…>`: made from what the record holds (`recordId`), so an export is reproducible. */
  id: string;
  /** When the content was captured, as WARC 1.1 allows it: to the millisecond, in UTC. */
  date: number;
  targetUri?: string;
  contentType: string;
  /** The record this one describes (a metadata record's resource). */
  refersTo?: string;
  /** A warcinfo record's file name. */
  filename?: string;
  /** The warcinfo record that describes this one's file. */
  warcinfoId?: string;
}

const encoder = new TextEncoder();

/** WARC-Date: ISO 8601 in UTC; milliseconds only when there are any (WARC 1.1, 5.4). */
export function warcDate(time: number): string {
  return new Date(time).toISOString().replace('.000Z', 'Z');
}

/** A deterministic record id: a UUID (version 8, RFC 9562) from the SHA-256 of what names the record. */
export async function recordId(...parts: string[]): Promise<string> {
  const hex = await sha256Hex(parts.join('\n'));
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `<urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}>`;
}

/** Field values may not hold line ends (they would start a field of their own). */
function fieldValue(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`a WARC field cannot hold a line end: ${JSON.stringify(value)}`);
  return value;
}

/**
 * The record's bytes. `blockSha256` is the block's SHA-256 in hex, when the caller has it already
 * (an image's hash is its name in the library); it is computed otherwise.
 */
export async function warcRecord(fields: WarcRecordFields, block: Uint8Array, blockSha256?: string): Promise<Uint8Array> {
  const digest = `sha256:${blockSha256 ?? (await sha256Hex(block))}`;
  const lines = [
    'WARC/1.1',
    `WARC-Type: ${fields.type}`,
    `WARC-Record-ID: ${fields.id}`,
    `WARC-Date: ${warcDate(fields.date)}`,
    fields.targetUri !== undefined ? `WARC-Target-URI: ${fieldValue(fields.targetUri)}` : '',
    fields.filename !== undefined ? `WARC-Filename: ${fieldValue(fields.filename)}` : '',
    fields.warcinfoId !== undefined ? `WARC-Warcinfo-ID: ${fields.warcinfoId}` : '',
    fields.refersTo !== undefined ? `WARC-Refers-To: ${fields.refersTo}` : '',
    `Content-Type: ${fieldValue(fields.contentType)}`,
    `WARC-Block-Digest: ${digest}`,
    // A resource's payload is its block: the payload digest is what replay tools compare and deduplicate by.
    fields.type === 'resource' ? `WARC-Payload-Digest: ${digest}` : '',
    `Content-Length: ${block.byteLength}`,
  ].filter(Boolean);
  const head = encoder.encode(`${lines.join('\r\n')}\r\n\r\n`);
  const record = new Uint8Array(head.byteLength + block.byteLength + 4);
  record.set(head);
  record.set(block, head.byteLength);
  record.set([13, 10, 13, 10], head.byteLength + block.byteLength);
  return record;
}

/** A warcinfo record's block: `application/warc-fields`, one `name: value` line each. */
export function warcFields(fields: Record<string, string>): Uint8Array {
  return encoder.encode(Object.entries(fields).map(([name, value]) => `${name}: ${fieldValue(value)}\r\n`).join(''));
}
