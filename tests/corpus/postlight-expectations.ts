import { readdirSync, readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';

/**
 * What Postlight's own tests expect of each page, read by running those tests as they were
 * published (tests/fixtures/postlight/expectations/*.test.js) against stand-ins: the parser's
 * result gives each field as a marker, and every `assert.equal(marker, value)` records `value` as
 * the expectation for that field. Reading them this way, rather than by pattern, takes every
 * quoting, concatenation and nesting the files use; an assertion on anything else is ignored.
 */

export interface PostlightCase {
  /** The fixture's file name without `.html`. */
  fixture: string;
  url: string;
  title?: string;
  author?: string;
  /** ISO 8601 (UTC) as Postlight gives it; `dateOnly` when the test compares the day alone. */
  datePublished?: { value: string; dateOnly: boolean };
  leadImage?: string;
  /** The first words of the article, and how many the test took. */
  opening?: { words: string; count: number };
}

const MARK = '\u0001';
const marker = (field: string) => `${MARK}${field}${MARK}`;
const markerField = (value: string) => /^\u0001([a-z_]+)\u0001/.exec(value)?.[1];

/** A stand-in for a cheerio selection: every method answers, and `text()` is the content marker. */
function selection(): unknown {
  const target = () => selection();
  return new Proxy(target, {
    get(_t, key) {
      if (key === 'text') return () => marker('content');
      if (key === 'length') return 0;
      if (key === Symbol.toPrimitive) return () => '';
      return () => selection();
    },
    apply: () => selection(),
  });
}

function casesOf(source: string): Promise<PostlightCase[]> {
  const cases: PostlightCase[] = [];
  let current: PostlightCase | null = null;
  let fixture = '';

  const fields = new Proxy({}, { get: (_t, key) => (typeof key === 'string' ? marker(key) : undefined) });
  const record = (actual: unknown, expected: unknown) => {
    if (!current || typeof actual !== 'string' || typeof expected !== 'string') return;
    const field = markerField(actual);
    const formatted = actual.includes('~format');
    if (field === 'title') current.title = expected;
    else if (field === 'author') current.author = expected;
    else if (field === 'lead_image_url') current.leadImage = expected;
    else if (field === 'date_published') current.datePublished = { value: expected, dateOnly: formatted || /^\d{4}-\d\d-\d\d$/.test(expected) };
    else if (field === 'content') {
      const count = Number(/~words:(\d+)/.exec(actual)?.[1] ?? 0);
      if (count > 0 && !current.opening) current.opening = { words: expected, count };
    }
  };
  const stubs: Record<string, unknown> = {
    assert: { equal: record, strictEqual: record, deepEqual: () => {}, ok: () => {} },
    url: { parse: () => ({ hostname: '' }) },
    cheerio: { load: () => selection() },
    mercury: {
      parse: (url: string) => {
        current = { fixture, url };
        cases.push(current);
        return Promise.resolve(fields);
      },
    },
    'extractors/get-extractor': () => ({ domain: '' }),
    'utils/text': { excerptContent: (text: unknown, count: number) => `${String(text)}~words:${count}` },
    moment: (value: unknown) => ({ format: () => `${String(value)}~format`, tz: () => ({ format: () => `${String(value)}~format` }) }),
    fs: {
      readFileSync: (path: string) => {
        fixture = /([^/]+)\.html$/.exec(path)?.[1] ?? '';
        return '';
      },
    },
  };
  stubs['moment-timezone'] = stubs.moment;

  // describe() registers; the suites then run in order, each beforeAll before its tests.
  interface Suite { before: Array<() => unknown>; tests: Array<() => unknown>; children: Suite[] }
  const root: Suite = { before: [], tests: [], children: [] };
  let open = root;
  const sandbox = {
    __stubs: stubs,
    require: (name: string) => stubs[name],
    describe: (_name: string, body: () => void) => {
      const suite: Suite = { before: [], tests: [], children: [] };
      open.children.push(suite);
      const parent = open;
      open = suite;
      body();
      open = parent;
    },
    beforeAll: (body: () => unknown) => open.before.push(body),
    it: (_name: string, body: () => unknown) => open.tests.push(body),
  };
  const program = source
    .replace(/^import\s+(\w+)\s+from\s+'([^']+)';/gm, "const $1 = __stubs['$2'];")
    .replace(/^import\s+\{([^}]+)\}\s+from\s+'([^']+)';/gm, "const {$1} = __stubs['$2'];");
  runInNewContext(program, sandbox);

  const run = async (suite: Suite): Promise<void> => {
    for (const body of suite.before) await body();
    for (const body of suite.tests) {
      try {
        await body();
      } catch {
        // An assertion on something the stand-ins cannot give (a count of nodes) is not ours.
      }
    }
    for (const child of suite.children) await run(child);
  };
  return run(root).then(() => cases);
}

/** Every case of every expectation file in the folder, each naming the fixture it reads. */
export async function postlightCases(folder: string): Promise<PostlightCase[]> {
  const files = readdirSync(folder).filter((name) => name.endsWith('.test.js')).sort();
  const all: PostlightCase[] = [];
  for (const file of files) all.push(...(await casesOf(readFileSync(`${folder}/${file}`, 'utf8'))));
  return all.filter((c) => c.fixture);
}
