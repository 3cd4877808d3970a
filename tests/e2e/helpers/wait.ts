import type { Page } from 'puppeteer-core';

/**
 * Wait until `check` returns something truthy in the page, asking it again every 100 ms; returns
 * that value. Puppeteer's own `waitForFunction` builds its poller with `Function()`, which the
 * extension pages' CSP forbids in Firefox ESR 140 ("call to Function() blocked by CSP"); a plain
 * `evaluate` does not need it, in any browser.
 */
export async function waitUntil<A extends unknown[], R>(
  page: Page,
  check: (...args: A) => R | Promise<R>,
  args: A,
  { timeout = 15_000, what = 'the page to be ready' }: { timeout?: number; what?: string } = {},
): Promise<R> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = (await page.evaluate(check as (...a: unknown[]) => R, ...args)) as R;
      if (value) return value;
    } catch (error) {
      // A page that is navigating answers nothing for a moment; keep asking until the deadline.
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`waited ${timeout} ms for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
