/**
 * The one rule for metadata strings: runs of HTML white space (space, tab, newline) become one
 * space, because "By\n\t\t\tScott" is the page's markup, not what its author wrote; other
 * spaces (U+3000, U+00A0, U+FEFF) are kept; an empty string counts as no value.
 */
export function cleanMetadata(value: string | null | undefined): string | null {
  const collapsed = value?.replace(/[ \t\n\r\f]+/g, ' ').trim();
  return collapsed ? collapsed : null;
}
