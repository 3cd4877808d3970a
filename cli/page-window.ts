import { JSDOM, VirtualConsole } from 'jsdom';
import { parse, serialize, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];

/**
 * A jsdom window holding a saved page at its address, for the capture to read; scripts never run.
 *
 * jsdom parses every `<style>` element and `style` attribute as the document is built, and its CSS
 * parser throws on CSS that browsers skip (SCSS left in production CSS, such as
 * `calc(($a - $b) / 16 * 9)` in a media rule): the `JSDOM` constructor then throws, and one rule
 * would stop the whole capture (its DOMParser throws too, so the sanitizer would). The capture
 * keeps no CSS (the sanitizer drops styles), so such a page is built again without the styles
 * jsdom cannot read: parsed first by parse5 (the HTML parser jsdom itself uses, which reads no
 * CSS), each style element and attribute tried on its own, and those that throw left out. Inline
 * styles that jsdom can read are kept, since Readability reads `display: none` from them to leave
 * hidden text out.
 */
export function pageWindow(html: string, url: string): Window {
  // The page's own CSS and script complaints are jsdom's, not ours: keep the output readable.
  const options = { url, contentType: 'text/html', virtualConsole: new VirtualConsole() };
  try {
    return new JSDOM(html, options).window as unknown as Window;
  } catch (error) {
    if (!isCssError(error)) throw error;
    return new JSDOM(withoutUnreadableStyles(html, options), options).window as unknown as Window;
  }
}

/** css-tree's parse errors (what jsdom's CSS parser throws): a SyntaxError with the CSS it choked on. */
function isCssError(error: unknown): boolean {
  // Not `instanceof Error`: the error may come from another realm (a test runner's, jsdom's).
  return typeof error === 'object' && error !== null && (error as Error).name === 'SyntaxError' && 'source' in error && 'offset' in error;
}

function withoutUnreadableStyles(html: string, options: ConstructorParameters<typeof JSDOM>[1]): string {
  const { window } = new JSDOM('', options);
  try {
    const probe = window.document.createElement('div');
    const readable = (css: string, asAttribute: boolean) => {
      try {
        if (asAttribute) probe.setAttribute('style', css);
        else {
          const style = window.document.createElement('style');
          style.textContent = css;
          window.document.head.append(style);
          style.remove();
        }
        return true;
      } catch {
        return false;
      }
    };
    const page = parse(html);
    const visit = (node: Node) => {
      if ('attrs' in node) {
        const style = node.attrs.find((attr) => attr.name === 'style');
        if (style && !readable(style.value, true)) node.attrs = node.attrs.filter((attr) => attr !== style);
      }
      if ('childNodes' in node) {
        node.childNodes = node.childNodes.filter((child) => !(child.nodeName === 'style' && 'childNodes' in child && !readable(textOf(child), false)));
        node.childNodes.forEach(visit);
      }
      if ('content' in node) visit(node.content);
    };
    visit(page);
    return serialize(page);
  } finally {
    window.close();
  }
}

function textOf(node: Node): string {
  return 'childNodes' in node ? node.childNodes.map((child) => ('value' in child && child.nodeName === '#text' ? child.value : textOf(child))).join('') : '';
}
