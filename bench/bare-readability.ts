/**
 * Bare Readability for the benchmark's baseline, in a script of its own: bundled with the harness,
 * it shared its compiled code with the capture's Readability, so whichever ran first on a page
 * load paid for compiling it and the other ran warm (docs/BENCHMARKS.md). Evaluated apart, each
 * starts cold, as the capture does when the extension injects it at the user's click.
 */
import { Readability } from '@mozilla/readability';

(globalThis as Record<string, unknown>).samizdatBareReadability = (): number => {
  const t = performance.now();
  new Readability(document.cloneNode(true) as Document).parse();
  return performance.now() - t;
};
