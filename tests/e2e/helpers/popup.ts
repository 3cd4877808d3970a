import type { Page as PuppeteerPage } from 'puppeteer-core';
import { waitUntil } from './wait';

/** The popup's sentence about the tab, once it has read the page. */
export async function popupState(popup: PuppeteerPage): Promise<string> {
  // In any language: the popup marks the sentences it shows while it reads the page (first
  // "Reading…", then what the page's address alone tells).
  await popup.waitForSelector('.state:not(.state-reading):not(.state-checking)', { timeout: 15_000 });
  return popup.$eval('.state', (el) => el.textContent ?? '');
}

/**
 * Press Save as a user does and wait for the result line: once the copy's images are in too (the
 * line is busy while they download), unless `textOnly` asks for the first answer.
 */
export async function pressSave(popup: PuppeteerPage, { textOnly = false } = {}): Promise<string> {
  await popupState(popup);
  await popup.click('.save-button');
  await waitUntil(
    popup,
    (first) => {
      const result = document.querySelector('.save-result');
      if (!result) return false;
      if (result.classList.contains('error')) return true;
      return result.classList.contains('ok') && (first || result.getAttribute('aria-busy') !== 'true');
    },
    [textOnly],
    { what: 'the save to end', timeout: 30_000 },
  );
  return popup.$eval('.save-result', (el) => el.textContent ?? '');
}
