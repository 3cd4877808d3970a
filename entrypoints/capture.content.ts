import { defineContentScript } from 'wxt/utils/define-content-script';
import { capturePageSafely } from '../utils/capture/capture-page';
import { takeRequestedKind } from '../utils/capture/requested-kind';

// Injected only on demand (toolbar, shortcut, menu) through scripting.executeScript with the
// activeTab grant; its return value is the Capture the background stores.
export default defineContentScript({
  registration: 'runtime',
  main: () => capturePageSafely(document, window, { kind: takeRequestedKind(globalThis) }),
});
