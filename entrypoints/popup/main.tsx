import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup } from '../../components/Popup';
import { LockGate } from '../../components/LockGate';
import { SaveWhileLocked } from '../../components/SaveWhileLocked';
import '../../components/theme.css';
import { localizePage } from '../../utils/i18n';

// Before the first render: the page's language, direction and title, from the messages.
localizePage('titlePopup');

/** The tab this popup acts on: the active tab, or the one named by ?tab= when opened as a page. */
async function targetTabId(): Promise<number | undefined> {
  const named = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(named) && named > 0) return named;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

void targetTabId().then((tabId) => render(<LockGate whileLocked={<SaveWhileLocked tabId={tabId} />}><Popup tabId={tabId} /></LockGate>, document.getElementById('app')!));
