import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

export const SHARED = new URL('../../../shared/', import.meta.url).pathname;
export const SEED = `${SHARED}fixtures/seed-article/`;
export const CORPUS = `${SHARED}corpus/`;

/** A jsdom window for an HTML string at a URL; scripts never run. */
export function windowFor(html: string, url: string): Window {
  return new JSDOM(html, { url, contentType: 'text/html' }).window as unknown as Window;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
