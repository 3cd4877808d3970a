import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const OUTPUT = fileURLToPath(new URL('../../.output/', import.meta.url));
const manifestOf = (build: string) => JSON.parse(readFileSync(`${OUTPUT}${build}/manifest.json`, 'utf8'));

/** Exactly what the shipped extension may ask for; each is explained in docs/ARCHITECTURE.md. */
const PERMISSIONS = ['activeTab', 'scripting', 'storage', 'unlimitedStorage', 'contextMenus', 'alarms', 'idle'];
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; font-src 'self'; media-src 'self' blob:; connect-src 'self' http: https:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** Optional, asked for one site at a time when an article's images live elsewhere. */
const IMAGE_HOSTS = ['http://*/*', 'https://*/*'];

describe.each(['chrome-mv3', 'firefox-mv2'])('the shipped %s manifest', (build) => {
  const manifest = manifestOf(build);

  it('asks for the minimal permissions and no host access at install', () => {
    // Chromium reads a watched page in an offscreen document: its service worker has no DOM.
    expect(manifest.permissions).toEqual(build === 'chrome-mv3' ? [...PERMISSIONS, 'offscreen'] : PERMISSIONS);
    expect(manifest.host_permissions).toBeUndefined();
    if (build === 'chrome-mv3') {
      expect(manifest.optional_host_permissions).toEqual(IMAGE_HOSTS);
      expect(manifest.optional_permissions).toEqual(['notifications', 'history']);
    } else {
      expect(manifest.optional_permissions).toEqual([...IMAGE_HOSTS, 'notifications', 'history']);
    }
    expect(manifest.content_scripts).toBeUndefined();
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.externally_connectable).toBeUndefined();
  });

  it('lets extension pages load nothing from the network (only the background connects, for images)', () => {
    const csp = build === 'chrome-mv3' ? manifest.content_security_policy.extension_pages : manifest.content_security_policy;
    expect(csp).toBe(CSP);
  });

  it('takes over no page of the browser (History, New Tab, Bookmarks), and has its settings page', () => {
    expect(manifest.chrome_url_overrides).toBeUndefined();
    expect(manifest.options_ui).toEqual({ open_in_tab: true, page: 'options.html' });
  });

  it('offers the keyboard shortcuts: save, and lock a protected library', () => {
    expect(manifest.commands['save-article'].suggested_key.default).toBe('Alt+Shift+S');
    expect(manifest.commands['lock-library'].suggested_key.default).toBe('Alt+Shift+L');
  });
});

describe('the browsers it installs in', () => {
  it('asks for Chrome 137 (Ed25519 in WebCrypto), and Firefox 140 ESR (142 on Android)', () => {
    expect(manifestOf('chrome-mv3').minimum_chrome_version).toBe('137');
    expect(manifestOf('chrome-mv3').browser_specific_settings).toBeUndefined();
    const { gecko, gecko_android } = manifestOf('firefox-mv2').browser_specific_settings;
    expect(gecko).toEqual({ id: 'samizdat@samizdat.invalid', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } });
    expect(gecko_android).toEqual({ strict_min_version: '142.0' });
    expect(manifestOf('firefox-mv2').minimum_chrome_version).toBeUndefined();
  });

  it('names the same versions in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('Chrome or Chromium 137 or later');
    expect(readme).toContain('Firefox 140 or later');
  });
});

describe('the test flavours', () => {
  it('differ from the shipped builds only by host access to 127.0.0.1, and in Chromium the history permission granted', () => {
    const firefox = manifestOf('firefox-mv2');
    const firefoxTest = manifestOf('firefox-mv2-test-hosts');
    expect(firefoxTest.permissions).toEqual([...firefox.permissions, 'http://127.0.0.1/*', 'http://*.localhost/*']);
    expect({ ...firefoxTest, permissions: firefox.permissions }).toEqual(firefox);

    const chrome = manifestOf('chrome-mv3');
    const chromeTest = manifestOf('chrome-mv3-test-hosts');
    expect(chromeTest.host_permissions).toEqual(['http://127.0.0.1/*', 'http://*.localhost/*']);
    // Chromium gives automation no way to accept a permission prompt: the history permission,
    // optional in the shipped build, is granted to the test flavour (tests/e2e/traces.e2e.test.ts).
    expect(chromeTest.permissions).toEqual([...chrome.permissions, 'history']);
    expect(chromeTest.optional_permissions).toEqual(chrome.optional_permissions.filter((p: string) => p !== 'history'));
    const { host_permissions: _granted, permissions: _apis, optional_permissions: _optional, ...rest } = chromeTest;
    const { permissions: _shippedApis, optional_permissions: _shippedOptional, ...shipped } = chrome;
    expect(rest).toEqual(shipped);
  });
});
