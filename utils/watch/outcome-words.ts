import { countryName, formatNumber, isolate, t, type MessageKey } from '../i18n';
import type { CheckRecord, WatchInterval } from '../store/records';
import type { CheckOutcome } from './classify';
import { WATCH_LIMITS } from './schedule';

const OUTCOMES: Record<CheckOutcome, MessageKey> = {
  unchanged: 'outcomeUnchanged',
  edited: 'outcomeEdited',
  removed: 'outcomeRemoved',
  blocked: 'outcomeBlocked',
  unreachable: 'outcomeUnreachable',
  moved: 'outcomeMoved',
  refused: 'outcomeRefused',
  unreadable: 'outcomeUnreadable',
  'needs-permission': 'outcomeNeedsPermission',
};

/** One word or two for what a check found: "Edited", "Blocked". */
export function outcomeLabel(outcome: CheckOutcome): string {
  return t(OUTCOMES[outcome]);
}

const INTERVALS: Record<WatchInterval, MessageKey> = { hourly: 'intervalHourly', '6h': 'interval6h', daily: 'intervalDaily', weekly: 'intervalWeekly' };

/** "every day", "every 6 hours". */
export function intervalLabel(interval: WatchInterval): string {
  return t(INTERVALS[interval]);
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).hostname : '';
  } catch {
    return url ?? '';
  }
}

function countries(codes: string[]): string {
  return codes.map(countryName).join(', ');
}

/**
 * What a check found and the evidence for it, in one sentence: what the history, the library and
 * the censorship log say. It claims no more than the check saw: a failure to connect is only that.
 */
export function describeCheck(record: CheckRecord): string {
  const status = record.status === undefined ? '' : formatNumber(record.status, { useGrouping: false });
  switch (record.outcome) {
    case 'unchanged':
      return t('checkUnchanged', status);
    case 'edited':
      return t('checkEdited');
    case 'removed': {
      const why =
        record.reason === 'redirected-home' ? t('removedRedirectedHome', isolate(hostOf(record.finalUrl) + (record.finalUrl ? new URL(record.finalUrl).pathname : '')))
        : record.reason === 'not-found-page' ? t('removedNotFoundPage')
        : t('removedStatus', status);
      return record.confirmed ? t('checkRemovedConfirmed', why) : t('checkRemovedOnce', why);
    }
    case 'blocked':
      if (record.reason === 'http-451') return t('checkBlocked451');
      return record.signature
        ? t('checkBlockedSignature', isolate(record.signature.name), countries(record.signature.countries) || t('countryUnknown'))
        : t('checkBlockedSignature', '', t('countryUnknown'));
    case 'unreachable': {
      const first = record.reason === 'timeout' ? t('unreachableTimeout', formatNumber(30)) : t('unreachableNetwork');
      if ((record.streak ?? 0) < WATCH_LIMITS.unreachableStreak) return first;
      return record.othersAnswered ? t('unreachableMaybeBlocked', first, formatNumber(record.streak!)) : t('unreachableStreak', first, formatNumber(record.streak!));
    }
    case 'moved':
      return t('checkMoved', isolate(record.movedTo ?? ''));
    case 'refused':
      return t('checkRefused', status);
    case 'unreadable':
      return record.reason === 'not-html' ? t('checkNotHtml') : t('checkUnreadable');
    case 'needs-permission':
      return t('checkNeedsPermission', isolate(hostOf(record.url)));
  }
}

/** The news a check brought, about one article: a notification's words, a log's line. */
export function describeNews(record: CheckRecord, title: string): string {
  const name = isolate(title);
  switch (record.outcome) {
    case 'edited':
      return t('newsEdited', name);
    case 'removed':
      return t('newsRemoved', name);
    case 'blocked':
      return t('newsBlocked', name);
    case 'moved':
      return t('newsMoved', name);
    case 'unreachable':
      return t('newsUnreachable', name);
    default:
      return `${name}: ${outcomeLabel(record.outcome)}`;
  }
}
