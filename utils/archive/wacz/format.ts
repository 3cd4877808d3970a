/**
 * Samizdat's web archive: a WACZ 1.1.1 package of WARC 1.1 files (docs/FORMAT.md, "The web
 * archive"). Its one definition in code: paths, versions, the shapes of its JSON.
 */
export const WACZ_VERSION = '1.1.1';
export const DATAPACKAGE_PATH = 'datapackage.json';
export const DIGEST_PATH = 'datapackage-digest.json';
export const PAGES_PATH = 'pages/pages.jsonl';
export const INDEX_PATH = 'indexes/index.cdx';

/** The first line of pages.jsonl; `hasText` tells ReplayWeb.page to search the pages' text. */
export const PAGES_HEADER = { format: 'json-pages-1.0', id: 'pages', title: 'All Pages', hasText: true } as const;

/** Where Samizdat's own records (lossless, for import) are addressed: never a page a replay shows. */
export const snapshotRecordUri = (snapshotId: string) => `urn:samizdat:snapshot:${snapshotId}`;
export const pageRecordUri = (pageKeyHash: string) => `urn:samizdat:page:${pageKeyHash}`;

/** `application/json` with a profile, so that a reader knows which JSON it is. */
export const SNAPSHOT_RECORD_TYPE = 'application/json; profile="https://samizdat.invalid/format/snapshot"';
export const PAGE_RECORD_TYPE = 'application/json; profile="https://samizdat.invalid/format/page"';

export interface PackageResource {
  name: string;
  path: string;
  /** `sha256:` and the hex digest of the file. */
  hash: string;
  bytes: number;
}

export interface DataPackage {
  profile: 'data-package';
  wacz_version: string;
  title: string;
  description: string;
  created: string;
  modified: string;
  software: string;
  resources: PackageResource[];
}

/**
 * datapackage-digest.json. `signedData` is the WACZ Signing and Verification recommendation's
 * anonymous signature (ECDSA P-384 with SHA-256 over the text of `hash`), which ReplayWeb.page and
 * other WACZ tools read; `samizdat` is the library's own Ed25519 signature over the exact bytes of
 * datapackage.json, which `samizdat verify` checks as it checks an archive's manifest.sig.
 */
export interface PackageDigest {
  path: typeof DATAPACKAGE_PATH;
  hash: string;
  signedData: { hash: string; created: string; software: string; signature: string; publicKey: string };
  samizdat: { algorithm: 'Ed25519'; publicKey: string; signature: string; signedAt: string };
}
