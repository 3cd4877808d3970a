import type { LibraryDatabase } from '../store/db';
import type { CheckRecord, PageRecord } from '../store/records';
import { describeCheck } from './outcome-words';

/** One line of the censorship log: what a check found about an article, with its evidence. */
export interface LogEntry {
  check: CheckRecord;
  page: Pick<PageRecord, 'url' | 'title' | 'siteName'> | null;
}

/**
 * Every check in a period that brought news (isNews): an article edited, removed (confirmed),
 * blocked or moved, or unreachable three times in a row while other sites answered. Newest first.
 * Whether a check was news is decided when it is recorded, against the check before it.
 */
export async function censorshipLog(db: LibraryDatabase, from: number, to: number): Promise<LogEntry[]> {
  const checks = (await db.checks.where('at').between(from, to, true, true).toArray()).filter((check) => check.news === 1).reverse();
  const pages = await db.pages.bulkGet([...new Set(checks.map((check) => check.pageUrl))]);
  const byUrl = new Map(pages.filter((page): page is PageRecord => !!page).map((page) => [page.url, page]));
  return checks.map((check) => ({ check, page: byUrl.get(check.pageUrl) ?? null }));
}

const COLUMNS = ['time', 'title', 'address', 'site', 'outcome', 'reason', 'httpStatus', 'finalAddress', 'signature', 'signatureCountries', 'movedTo', 'confirmed', 'streak', 'version', 'description'] as const;

function row(entry: LogEntry): Record<(typeof COLUMNS)[number], string> {
  const { check, page } = entry;
  return {
    time: new Date(check.at).toISOString(),
    title: page?.title ?? '',
    address: check.url,
    site: page?.siteName ?? new URL(check.url).hostname,
    outcome: check.outcome,
    reason: check.reason,
    httpStatus: check.status === undefined ? '' : String(check.status),
    finalAddress: check.finalUrl ?? '',
    signature: check.signature?.name ?? '',
    signatureCountries: check.signature?.countries.join(' ') ?? '',
    movedTo: check.movedTo ?? '',
    confirmed: check.confirmed === undefined ? '' : String(check.confirmed),
    streak: check.streak === undefined ? '' : String(check.streak),
    version: check.snapshotId ?? '',
    description: describeCheck(check),
  };
}

/** RFC 4180: every field quoted, quotes doubled, lines ended by CRLF, as spreadsheets read it. */
export function logAsCsv(entries: LogEntry[]): string {
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  return [COLUMNS.map(quote).join(','), ...entries.map((entry) => COLUMNS.map((column) => quote(row(entry)[column])).join(','))].map((line) => `${line}\r\n`).join('');
}

/** The same, as JSON: the period, where the signatures come from, and every entry with its evidence. */
export function logAsJson(entries: LogEntry[], period: { from: number; to: number }, signaturesSource: string): string {
  return `${JSON.stringify(
    {
      format: 'samizdat-censorship-log',
      version: 1,
      from: new Date(period.from).toISOString(),
      to: new Date(period.to).toISOString(),
      blockPageSignatures: signaturesSource,
      // The check as recorded, without what only this browser needs (the badge's and the notifications' marks).
      entries: entries.map((entry) => {
        const { unseen: _unseen, notified: _notified, news: _news, ...check } = entry.check;
        return { ...row(entry), check };
      }),
    },
    null,
    2,
  )}\n`;
}
