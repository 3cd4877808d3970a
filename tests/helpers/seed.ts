import { capturePage } from '../../utils/capture/capture-page';
import type { Capture } from '../../utils/capture/types';
import { readText, SEED, windowFor } from './dom';

/** Capture a seed-article file as the content script would, served at `url`. */
export function captureSeed(file: 'article.html' | 'article-edited.html', url = 'http://127.0.0.1:8080/article.html'): Capture {
  const win = windowFor(readText(`${SEED}${file}`), url);
  const outcome = capturePage(win.document, win);
  if (!outcome.ok) throw new Error(`seed capture refused: ${outcome.reason}`);
  return outcome.capture;
}
