import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { pageWindow } from '../../cli/page-window';

/** The sample article and its quietly edited version: the project's demo site (npm start). */
export const SEED = new URL('../../scripts/sample-site/', import.meta.url).pathname;
/** Data written by others, with its licences and sources: tests/fixtures/README.md. */
export const CORPUS = new URL('../fixtures/', import.meta.url).pathname;

/** A jsdom window for an HTML string at a URL, built as the command line builds it; scripts never run. */
export function windowFor(html: string, url: string): Window {
  return pageWindow(html, url);
}

/** A fixture's bytes; large ones are kept gzipped (`.gz`) and come back as they were. */
export function readBytes(path: string): Buffer {
  const bytes = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

export function readText(path: string): string {
  return readBytes(path).toString('utf8');
}
