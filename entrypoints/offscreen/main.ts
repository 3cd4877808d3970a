// Chromium's offscreen document (reason DOM_PARSER): its service worker has no DOM, so the HTML a
// check of a watched page fetched is read here, with the capture's own code. Firefox's background
// page has a DOM and reads it itself; this page is not built for Firefox.
import { onOffscreenReads } from '../../utils/messages';
import { readFetchedPage } from '../../utils/watch/read-fetched-page';

onOffscreenReads(({ html, url, kind }) => readFetchedPage(html, url, kind, window));
