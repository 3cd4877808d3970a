import type { Page as PuppeteerPage } from 'puppeteer-core';
import { waitUntil } from './wait';

/** The popup's sentence about the tab, once it has read the page. */
export async function popupState(popup: PuppeteerPage): Promise<string> {
  // In any language: the popup marks the sentences it shows while it reads the page (first
  // "Reading…", then what the page's address alone tells).
  await popup.waitForSelector('.state:not(.state-reading):not(.state-checking)', { timeout: 15_000 });
  return popup.$eval('.state', (el) => el.textContent ?? '');
}

/** Press Save as a user does and wait for the result line. */
export async function pressSave(popup: PuppeteerPage): Promise<string> {
  await popupState(popup);
  await popup.click('.save-button');
  await waitUntil(
    popup,
    () => {
      const result = document.querySelector('.save-result');
      return !!result && (result.classList.contains('ok') || result.classList.contains('error'));
    },
    [],
    { what: 'the save to end' },
  );
  return popup.$eval('.save-result', (el) => el.textContent ?? '');
}
