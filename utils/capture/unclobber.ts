/**
 * DOM clobbering: a page's own markup can shadow the DOM's methods and properties. `<img
 * name="body">` makes `document.body` that image, and `<form><input name="parentNode"></form>`
 * makes the form its own input's parent, so code that walks up from a node loops for ever (it hung
 * Readability in Chromium on one of DOMPurify's test strings). Capture therefore never trusts the
 * live document's properties: it reads them through the prototypes' own getters, and works on a
 * copy from which the clobbering names are removed first.
 */

type DomWindow = Window & typeof globalThis;

/** A property as the DOM defines it, whatever the page's markup has put in its place. */
function pristine<T>(proto: object, name: string, target: object): T {
  let at: object | null = proto;
  while (at) {
    const descriptor = Object.getOwnPropertyDescriptor(at, name);
    if (descriptor) return (descriptor.get ? descriptor.get.call(target) : descriptor.value) as T;
    at = Object.getPrototypeOf(at);
  }
  throw new Error(`the DOM has no ${name}`);
}

/** The live document's address and type, which markup cannot shadow. */
export function documentFacts(doc: Document, win: Window): { url: string; contentType: string } {
  const proto = (win as DomWindow).Document.prototype;
  return { url: pristine<string>(proto, 'URL', doc), contentType: pristine<string>(proto, 'contentType', doc) };
}

/** The text of the live page as a reader sees it (innerText where there is layout). */
export function visibleText(doc: Document, win: Window): string {
  const w = win as DomWindow;
  const body = pristine<HTMLElement | null>(w.Document.prototype, 'body', doc);
  if (!body) return '';
  const hasInnerText = Object.getOwnPropertyDescriptor(w.HTMLElement.prototype, 'innerText')?.get;
  return (hasInnerText ? pristine<string>(w.HTMLElement.prototype, 'innerText', body) : pristine<string | null>(w.Node.prototype, 'textContent', body)) ?? '';
}

/** Elements whose name (or id) becomes a property of the document. */
const DOCUMENT_NAMED = ['embed', 'form', 'iframe', 'img', 'object'];
/** Elements whose name or id becomes a property of their form. */
const FORM_NAMED = ['button', 'fieldset', 'input', 'object', 'output', 'select', 'textarea', 'img'];

/**
 * A full copy of the document, with every name and id that would shadow a property of the
 * document or of a form removed. Names and ids mean nothing to a reader; everything else stays.
 */
export function unclobberedCopy(doc: Document, win: Window): Document {
  const w = win as DomWindow;
  const copy = w.Node.prototype.cloneNode.call(doc, true) as Document;
  const documentProto = w.Document.prototype;
  const formProto = w.HTMLFormElement.prototype;
  const candidates = w.Document.prototype.querySelectorAll.call(copy, '[name], [id]') as NodeListOf<Element>;
  const getAttribute = w.Element.prototype.getAttribute;
  const removeAttribute = w.Element.prototype.removeAttribute;
  const localName = (el: Element) => pristine<string>(w.Element.prototype, 'localName', el);
  for (const element of Array.from(candidates)) {
    const tag = localName(element);
    const shadows = (value: string) => (DOCUMENT_NAMED.includes(tag) && value in documentProto) || (FORM_NAMED.includes(tag) && value in formProto);
    for (const attribute of ['name', 'id']) {
      const value = getAttribute.call(element, attribute);
      if (value !== null && shadows(value)) removeAttribute.call(element, attribute);
    }
  }
  return copy;
}
