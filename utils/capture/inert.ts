/**
 * A copy of part of a page that cannot load anything. An <img> made in the live page starts
 * downloading as soon as it has a src, even if it is never attached; capture rewrites image
 * addresses (lazy, srcset), so it must work on nodes of a document with no browsing context,
 * or the page would fetch every lazy image each time the popup opens.
 */
export function inertCopy<T extends Node>(node: T, doc: Document): T {
  const inert = doc.implementation.createHTMLDocument('');
  return inert.importNode(node, true) as T;
}
