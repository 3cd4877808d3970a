/**
 * A window to render many saved copies in, replaced every so often. Chromium keeps what is parsed
 * in an extension page's own document (DOMParser's documents, a template's contents) until the
 * page goes away, garbage collection or not: an export of 3,000 pages left 208 MB of Blink's heap
 * behind, about 52 KB a page, and at 10,000 pages the page spent nearly all its time collecting
 * (docs/BENCHMARKS.md). Parsed in a frame's window instead, it all goes when the frame is removed.
 * Where no frame can be made (Node's jsdom without one), the page's own window is used.
 */
export class RenderWindow {
  private frame: HTMLIFrameElement | null = null;
  private used = 0;

  constructor(
    private readonly host: Window,
    private readonly pagesPerFrame = 100,
  ) {}

  /** The window for the next copy: a fresh frame's once the current one has rendered its share. */
  next(): Window {
    if (this.frame && this.used >= this.pagesPerFrame) this.close();
    if (!this.frame) this.frame = this.open();
    this.used++;
    return this.frame?.contentWindow ?? this.host;
  }

  /** Remove the frame, and with it everything parsed in it. */
  close(): void {
    this.frame?.remove();
    this.frame = null;
    this.used = 0;
  }

  private open(): HTMLIFrameElement | null {
    const body = this.host.document?.body;
    if (!body) return null;
    const frame = this.host.document.createElement('iframe');
    // Never shown, never navigated: an empty document of the page's own origin, whose scripts
    // never run (the sandbox allows none) and whose DOM the page uses to parse and serialize.
    frame.setAttribute('sandbox', 'allow-same-origin');
    frame.setAttribute('aria-hidden', 'true');
    frame.hidden = true;
    body.append(frame);
    if (!frame.contentWindow?.document) {
      frame.remove();
      return null;
    }
    return frame;
  }
}
