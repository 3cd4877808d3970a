import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { installCapture } from '../utils/capture/capture-entry';
import { captureFunctionName } from '../utils/capture/capture-function';

// Injected only on demand (toolbar, shortcut, menu) through scripting.executeScript with the
// activeTab grant. It installs the capture function that the background then calls.
export default defineContentScript({
  registration: 'runtime',
  main: () => installCapture(globalThis, document, window, captureFunctionName(browser.runtime.getManifest().version)),
});
