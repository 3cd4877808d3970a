/**
 * Chrome stops an extension's service worker after 30 seconds without an extension event or API
 * call, and IndexedDB work does not count: the first start after an update that upgrades a large
 * library's schema (13 to 16 ms a page measured, so minutes at 10,000 pages) would be stopped part
 * way, the upgrade rolled back, and tried again at every start. Chrome's documented remedy is a
 * cheap extension call now and then while the work lasts; `ping` is that call.
 */
export const KEEP_AWAKE_EVERY_MS = 20_000;

export async function keepAwakeDuring<T>(work: Promise<T>, ping: () => Promise<unknown>, everyMs = KEEP_AWAKE_EVERY_MS): Promise<T> {
  // A failed ping changes nothing about the work; the next one may succeed.
  const timer = setInterval(() => void ping().catch(() => undefined), everyMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}
