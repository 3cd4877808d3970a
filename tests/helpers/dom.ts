import { readFileSync } from 'node:fs';
import { JSDOM, VirtualConsole } from 'jsdom';

export const SHARED = new URL('../../../shared/', import.meta.url).pathname;
export const SEED = `${SHARED}fixtures/seed-article/`;
export const CORPUS = `${SHARED}corpus/`;

/** A jsdom window for an HTML string at a URL; scripts never run. */
export function windowFor(html: string, url: string): Window {
  // The pages' own CSS and script complaints are jsdom's, not ours: keep the test output readable.
  return new JSDOM(html, { url, contentType: 'text/html', virtualConsole: new VirtualConsole() }).window as unknown as Window;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
