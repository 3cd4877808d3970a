/**
 * How the background asks the page for a capture of a given kind. A file injected with
 * scripting.executeScript takes no arguments, so the capture script only installs a function
 * under this name in the extension's isolated world (page scripts cannot see it); the background
 * then calls it with the kind as an argument of a second injection. Nothing is left lying
 * between the two for another request to pick up. (Its own file, so that the background does
 * not bundle the capture code to learn a name.)
 *
 * The function stays installed for the life of the page, so the popup's look at the page and the
 * save that follows run one copy of the capture code instead of loading it twice. The name carries
 * the extension's version: after an update, the page's isolated world may still hold the old
 * version's function, and it must not be called.
 */
export function captureFunctionName(version: string): string {
  return `__samizdatCapture@${version}`;
}

/** What the background's probe returns when the capture function is not installed yet. */
export const NOT_INSTALLED = 'samizdat:capture-not-installed';
