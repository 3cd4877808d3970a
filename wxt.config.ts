import { defineConfig, type EntrypointGroup } from 'wxt';

/**
 * Extension pages may load only what the extension ships: no remote scripts, images, media or
 * fonts, no plugins, no <base>, no form posts. Saved copies render under this policy.
 *
 * One exception: connect-src allows http(s), because this one policy also governs the background,
 * which downloads an article's images when the user saves it (and only then; the host permission
 * decides which sites). Pages connect nowhere but for one button the user presses, Publish to my
 * IPFS node (to the node's site, once granted); they run only our own scripts (script-src 'self'),
 * and tests check that reading a saved copy makes no request.
 */
const EXTENSION_PAGES_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "media-src 'self' blob:",
  "connect-src 'self' http: https:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * SAMIZDAT_TEST_HOSTS=1 builds a test-only flavour into its own folder that may script pages on
 * 127.0.0.1, because Firefox offers no way to simulate the toolbar click that grants activeTab.
 * The shipped builds never carry a host permission (tests/build/manifest.test.ts checks them).
 */
/** Extension APIs asked for only when the user turns on what needs them, in Settings. */
const OPTIONAL_APIS = ['notifications', 'history'];

/** Sites an article's images may come from; none is granted at install. */
const IMAGE_HOSTS = ['http://*/*', 'https://*/*'];

const testHosts = process.env.SAMIZDAT_TEST_HOSTS === '1';
/**
 * The test flavour's sites: the test servers on 127.0.0.1, and the names under .localhost that
 * browsers resolve to the loopback, which the watching tests use as several sites (a check asks no
 * site twice within seconds, so one host would make a newsroom slow to check).
 */
const TEST_HOSTS = ['http://127.0.0.1/*', 'http://*.localhost/*'];

/** The lowest versions the extension installs in (below, at `minimum_chrome_version`); the README names them. */
const MINIMUM_CHROME = '137';
const MINIMUM_FIREFOX = '140.0';
const MINIMUM_FIREFOX_ANDROID = '142.0';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  hooks: {
    // WXT titles the toolbar button with the popup page's <title>, which no browser translates:
    // the tooltip comes from the messages, in the browser's language, like the name.
    'build:manifestGenerated': (_wxt, manifest) => {
      const button = manifest.action ?? manifest.browser_action;
      if (button) button.default_title = '__MSG_actionTitle__';
    },
    // WXT builds all HTML pages together, so the code they share goes to shared module files, and
    // the popup and the library each waited for five or six of them (each one a request that the
    // browser's process answers) before their script ran. Built alone, a page's first script is
    // one file (the library's two: the panels it loads later share the second). Opened 30 times
    // each, the popup drew 26 ms sooner and the library 21 ms (medians; docs/BENCHMARKS.md), for a
    // larger extension: each page carries its own Preact, Dexie and messages.
    'entrypoints:grouped': (_wxt, groups) => {
      const isPage = (entry: { inputPath: string }) => entry.inputPath.endsWith('.html');
      const split = groups.flatMap((group): EntrypointGroup[] =>
        Array.isArray(group) ? [group.filter((entry) => !isPage(entry)), ...group.filter(isPage).map((page) => [page])].filter((g) => g.length) : [group],
      );
      groups.splice(0, groups.length, ...split);
    },
  },
  imports: false,
  outDirTemplate: testHosts ? '{{browser}}-mv{{manifestVersion}}-test-hosts' : '{{browser}}-mv{{manifestVersion}}',
  manifest: ({ browser, manifestVersion }) => ({
    // Names and descriptions in the browser's language: public/_locales/<language>/messages.json.
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'activeTab',
      'scripting',
      'storage',
      'unlimitedStorage',
      'contextMenus',
      // Watching saved pages (utils/watch/): the alarm that wakes the background when a check is
      // due; in Chromium, the offscreen document that reads a checked page (its worker has no DOM).
      'alarms',
      // A protected library locks itself after the idle time its owner chose (utils/safety/auto-lock.ts).
      'idle',
      ...(manifestVersion === 3 ? ['offscreen'] : []),
      ...(testHosts && manifestVersion === 2 ? TEST_HOSTS : []),
      // Chromium offers automation no way to accept a permission prompt; Firefox does (a pref).
      ...(testHosts && manifestVersion === 3 ? ['history'] : []),
    ],
    ...(testHosts && manifestVersion === 3 ? { host_permissions: TEST_HOSTS } : {}),
    // Sites, asked for one at a time: where an article's images are (from the popup, at a save), and
    // the sites of the pages the user watches (when watching is turned on). Notifications, asked for
    // when the user wants news of watched pages as notifications; history, when the user wants
    // saved pages removed from it.
    ...(manifestVersion === 3
      ? { optional_host_permissions: IMAGE_HOSTS, optional_permissions: testHosts ? OPTIONAL_APIS.filter((api) => api !== 'history') : OPTIONAL_APIS }
      : { optional_permissions: [...IMAGE_HOSTS, ...OPTIONAL_APIS] }),
    content_security_policy:
      manifestVersion === 3 ? { extension_pages: EXTENSION_PAGES_CSP } : EXTENSION_PAGES_CSP,
    commands: {
      'save-article': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: '__MSG_commandSaveArticle__',
      },
      // A protected library locks at once, from any page (issue 25).
      'lock-library': {
        suggested_key: { default: 'Alt+Shift+L' },
        description: '__MSG_commandLockLibrary__',
      },
    },
    // The oldest browsers that have every API the extension uses, so that an older one refuses
    // to install it rather than failing at the first save. Chrome 137 brought Ed25519 to WebCrypto
    // (the copies' signatures), the last to arrive of Intl.Segmenter (87), CompressionStream (80),
    // scripting (88) and the rest. Firefox 140 is the ESR of Debian 12 and of Tor Browser 15;
    // Firefox for Android wants 142 for data_collection_permissions, which says Samizdat collects nothing.
    ...(browser === 'chrome' ? { minimum_chrome_version: MINIMUM_CHROME } : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'samizdat@samizdat.invalid',
              strict_min_version: MINIMUM_FIREFOX,
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: MINIMUM_FIREFOX_ANDROID },
          },
        }
      : {}),
  }),
});
