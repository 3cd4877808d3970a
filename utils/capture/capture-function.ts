/**
 * How the background asks the page for a capture of a given kind. A file injected with
 * scripting.executeScript takes no arguments, so the capture script only installs a function
 * under this name in the extension's isolated world (page scripts cannot see it); the background
 * then calls it with the kind as an argument of a second injection. Nothing is left lying
 * between the two for another request to pick up. (Its own file, so that the background does
 * not bundle the capture code to learn a name.)
 */
export const CAPTURE_FUNCTION = '__samizdatCapture';
