import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../helpers/cli';
import { afterAll, describe, expect, it } from 'vitest';
import { recordCases } from '../helpers/case-count';
import { CORPUS, readBytes } from '../helpers/dom';
import { html5libDocuments } from '../helpers/html5lib';

const run = runCommand;

/**
 * Issue 21: no page crashes the command. Each of Mozilla's 130 corpus pages and every document of
 * html5lib's tree-construction tests (tests/fixtures/html5lib) is captured: the command exits 0
 * with JSON, or 1 with a sentence, and never throws or prints a stack trace.
 */
describe('samizdat capture on every corpus page and html5lib document', () => {
  const work = mkdtempSync(join(tmpdir(), 'samizdat-cli-pages-'));
  const tried = { corpus: 0, html5lib: 0 };
  afterAll(() =>
    recordCases(import.meta.url, [
      { kind: 'documents', what: 'corpus pages captured by samizdat capture', count: tried.corpus },
      { kind: 'documents', what: 'html5lib documents captured by samizdat capture', count: tried.html5lib },
    ]),
  );

  async function captureEach(pages: Array<{ name: string; html: Uint8Array | string }>): Promise<Record<string, number>> {
    const crashed: string[] = [];
    const codes: Record<string, number> = {};
    for (const [i, page] of pages.entries()) {
      const file = join(work, `${i}.html`);
      writeFileSync(file, page.html);
      try {
        const { code, out, err } = await run('capture', file, '--url', 'https://news.example/story');
        codes[code] = (codes[code] ?? 0) + 1;
        if (code === 0) JSON.parse(out);
        // Refused: in a sentence of its own ("samizdat: …"), never with a stack trace.
        else if (code !== 1 || !err.trimEnd().split('\n').at(-1)!.startsWith('samizdat: ') || /\n\s+at /.test(err)) crashed.push(`${page.name}: exit ${code}: ${err}`);
      } catch (error) {
        crashed.push(`${page.name}: threw ${(error as Error).stack}`);
      }
    }
    expect(crashed).toEqual([]);
    return codes;
  }

  it('captures each of the 130 Readability pages or says why not', async () => {
    const names = readdirSync(`${CORPUS}readability/`, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(names).toHaveLength(130);
    const codes = await captureEach(names.map((name) => ({ name, html: readBytes(`${CORPUS}readability/${name}/source.html.gz`) })));
    // Readability finds an article in nearly all of them; the few it does not are refused in words.
    expect(codes[0]).toBeGreaterThan(120);
    tried.corpus = names.length;
  }, 300_000);

  it('captures or refuses every html5lib tree-construction document, and never crashes', async () => {
    const documents = html5libDocuments();
    expect(documents).toHaveLength(1796);
    const codes = await captureEach(documents.map((doc) => ({ name: `${doc.file} #${doc.index}`, html: doc.data })));
    expect((codes[0] ?? 0) + (codes[1] ?? 0)).toBe(documents.length);
    tried.html5lib = documents.length;
  }, 300_000);
});
