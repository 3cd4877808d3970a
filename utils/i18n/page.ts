import { uiDirection } from './bidi';
import { t, messagesLanguage, type MessageKey } from './messages';

/**
 * An extension page in the language of its messages: <html lang dir> (so the whole page mirrors
 * in Persian, and screen readers pick the right voice) and its title. The language is that of the
 * messages shown, not the browser's: a browser in Arabic reads English messages, left to right.
 */
export function localizePage(title: MessageKey, doc: Document = document): void {
  doc.documentElement.lang = messagesLanguage();
  doc.documentElement.dir = uiDirection();
  doc.title = t(title);
}
