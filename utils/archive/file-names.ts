/**
 * File names for exports: readable in the user's own script (Cyrillic, Persian, Chinese kept),
 * safe on every file system (no separators, reserved characters or trailing dots), and short.
 */
export function slugOf(title: string, fallback = 'article'): string {
  const slug = title
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*\u200b-\u200d\u2060\ufeff]+/g, ' ')
    .replace(/[\s.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || fallback;
}

/** The day of an export, in the user's time zone: samizdat-2026-11-25. */
export function datedName(prefix: string, at: number): string {
  const date = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${prefix}-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
