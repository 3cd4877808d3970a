import type { SaveResult } from './tab-state';

/** The words shown after a save, in the popup and as the toolbar button's tooltip. */
export function describeSave(result: SaveResult): string {
  if (!result.ok) return result.message;
  const { kind, title, version } = result.outcome;
  switch (kind) {
    case 'new-page':
      return `Saved “${title}”.`;
    case 'new-version':
      return `Saved a new version (version ${version}) of “${title}”: the article changed since the last save.`;
    case 'unchanged':
      return `“${title}” has not changed since it was last saved; the check was recorded and no copy was added.`;
    case 'reverted':
      return `“${title}” is back to an earlier version (version ${version}); this was recorded.`;
  }
}
