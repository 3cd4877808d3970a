import { readFile } from 'node:fs/promises';
import { capturePageSafely } from '../utils/capture/capture-page';
import { decodePage } from '../utils/capture/charset';
import { failureMessage } from '../utils/save/failures';
import { pageWindow } from './page-window';
import { verifyCommand, VERIFY_USAGE } from './verify';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Asks for a passphrase without showing it (a terminal); undefined where no one can type one. */
  askPassphrase?: (prompt: string) => Promise<string | undefined>;
}

export const USAGE = `Usage:
  samizdat capture <file.html> --url <URL> [--encoding <label>] [--whole-page]
      Capture the article of a saved web page with the extension's own code and print it as JSON.
      --url         the address the page was saved from (links and images are resolved against it)
      --encoding    read the file in this encoding instead of detecting it (e.g. windows-1251)
      --whole-page  keep a simplified copy of the whole page instead of its article
${VERIFY_USAGE}`;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** `samizdat capture`: exit code 0 with the capture on stdout, 1 when the page cannot be captured, 2 for usage errors. */
export async function captureCommand(args: string[], io: Io): Promise<number> {
  const file = args.find((arg, i) => !arg.startsWith('--') && !['--url', '--encoding'].includes(args[i - 1] ?? ''));
  const url = option(args, '--url');
  if (!file || !url) {
    io.err(USAGE);
    return 2;
  }
  try {
    new URL(url);
  } catch {
    io.err(`samizdat: --url must be an absolute address, like https://example.com/story (got "${url}")\n`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    io.err(`samizdat: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  let page;
  try {
    page = decodePage(bytes, option(args, '--encoding'));
  } catch (error) {
    io.err(`samizdat: ${(error as Error).message}\n`);
    return 2;
  }
  io.err(`samizdat: read ${file} as ${page.encoding} (from ${page.source})\n`);
  const window = pageWindow(page.html, url);
  try {
    const outcome = capturePageSafely(window.document, window, { kind: args.includes('--whole-page') ? 'page' : 'article' });
    if (!outcome.ok) {
      const why = outcome.reason === 'not-an-article' ? 'no article was found in this page (--whole-page keeps a simplified copy of the whole page)' : failureMessage(outcome.reason);
      io.err(`samizdat: ${why}${outcome.detail ? ` (${outcome.detail})` : ''}\n`);
      return 1;
    }
    io.out(`${JSON.stringify({ file, encoding: page.encoding, encodingSource: page.source, capture: outcome.capture }, null, 2)}\n`);
    return 0;
  } finally {
    window.close();
  }
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'capture') return captureCommand(rest, io);
  if (command === 'verify') return verifyCommand(rest, io);
  io.err(command && command !== '--help' ? `samizdat: unknown command "${command}"\n\n${USAGE}` : USAGE);
  return command === '--help' ? 0 : 2;
}
