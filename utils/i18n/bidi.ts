import { t } from './messages';

/** Whether the UI reads right to left (Persian), as its messages say. */
export function uiDirection(): 'ltr' | 'rtl' {
  return t('textDirection') === 'rtl' ? 'rtl' : 'ltr';
}

/** Letters of the right-to-left scripts (Hebrew, Arabic, Persian, Syriac, Thaana…). */
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/**
 * A title, address or name set inside a sentence of plain text (a tooltip, a status line), kept
 * whole by Unicode isolates (FSI…PDI, as <bdi> does in HTML): an English headline inside a
 * Persian sentence, or a Persian one inside an English sentence, does not drag the quotes and
 * the words around it to its side. Latin text in a left-to-right UI needs none, and gets none.
 */
export function isolate(text: string): string {
  return uiDirection() === 'rtl' || RIGHT_TO_LEFT.test(text) ? `\u2068${text}\u2069` : text;
}
