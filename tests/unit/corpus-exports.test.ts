// The exports of the Readability corpus library, in one file so that they share its captures
// (tests/helpers/corpus-library.ts, corpusCapture): each suite captured the 130 pages for itself,
// about a minute of jsdom apiece. Each suite keeps its own library, inputs and assertions.
import './exports/car-export.suite';
import './exports/wacz-export.suite';
import './exports/epub.suite';
