import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { RenderWindow } from '../../utils/archive/render-window';
import { articleHtml } from '../../utils/archive/article-document';

describe('the window an export renders in', () => {
  it('is a hidden frame, replaced after its share of pages and removed at the end', () => {
    const host = new JSDOM('<!doctype html><html><body></body></html>', { url: 'https://samizdat.test/' }).window as unknown as Window;
    const render = new RenderWindow(host, 2);
    const first = render.next();
    expect(first === host).toBe(false);
    expect(host.document.querySelectorAll('iframe[sandbox="allow-same-origin"][hidden]')).toHaveLength(1);
    expect(render.next() === first).toBe(true);
    const second = render.next();
    // (Compared, not printed: a removed frame's window cannot be printed.)
    expect(second === first).toBe(false);
    expect(host.document.querySelectorAll('iframe')).toHaveLength(1);
    // What it renders is what the page's own window renders.
    const html = '<p>Text <a href="https://example.org/">a link</a><img src="x" data-samizdat-src="https://example.org/a.png"></p><script>alert(1)</script>';
    expect(articleHtml(html, { images: [] }, () => undefined, second)).toBe(articleHtml(html, { images: [] }, () => undefined, host));
    render.close();
    expect(host.document.querySelectorAll('iframe')).toHaveLength(0);
  });

  it('is the page itself where no frame can be made', () => {
    const host = new JSDOM('<!doctype html><html><body></body></html>', { url: 'https://samizdat.test/' }).window as unknown as Window;
    host.document.body.remove();
    expect(new RenderWindow(host).next() === host).toBe(true);
  });
});
