import { readdirSync } from 'node:fs';
import { CORPUS, readText } from './dom';

const FOLDER = `${CORPUS}html5lib/tree-construction/`;

export interface Html5libDocument {
  /** The .dat file it comes from (tests/fixtures/html5lib/tree-construction/). */
  file: string;
  /** Its place in that file, from 1. */
  index: number;
  /** The document as the test gives it to the parser. */
  data: string;
}

/**
 * Every input of html5lib's tree-construction tests. A test is `#data`, the input on the lines
 * that follow, then `#errors` and the rest (expected tree, fragment context, script mode), which
 * these tests do not need: they feed each input to the capture, not to a parser under test.
 */
export function html5libDocuments(): Html5libDocument[] {
  const documents: Html5libDocument[] = [];
  for (const file of readdirSync(FOLDER).filter((f) => f.endsWith('.dat.gz')).sort()) {
    const lines = readText(`${FOLDER}${file}`).split('\n');
    let index = 0;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] !== '#data') continue;
      const data: string[] = [];
      for (i += 1; i < lines.length && !/^#(errors|new-errors|document-fragment|script-on|script-off|document)$/.test(lines[i]!); i++) data.push(lines[i]!);
      index += 1;
      documents.push({ file: file.replace(/\.gz$/, ''), index, data: data.join('\n') });
      i -= 1;
    }
  }
  return documents;
}
