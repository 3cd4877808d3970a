/**
 * What the instrumentation saw run or get blocked in this document (see INSTRUMENT), and
 * everything under `selector` that could run, load or navigate by itself, as the browser parsed
 * it: the last word on mutation XSS is the real parser's. Passed to page.evaluate, so it must
 * stay self-contained. Allowed: images from blob:, data:image/ or a relative file (an exported
 * archive's own images); links to http(s) and mailto that open in a new tab with no opener or
 * referrer and say where they go; relative links (an archive's own pages).
 */
export async function inspectPage(selector: string): Promise<{ audit: string[]; ran: string[] | null }> {
  // After the next frame: handlers (an image's onerror, say) have had their chance to run.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const recorded = (window as unknown as { __samizdatRan?: string[] }).__samizdatRan;
  const ran = recorded ? [...recorded] : null;
  const root = document.querySelector(selector);
  if (!root) return { audit: [`nothing matches ${selector}`], ran };
  const found: string[] = [];
  const forbidden = ['script', 'style', 'link', 'meta', 'base', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button', 'textarea', 'select', 'svg', 'video', 'audio', 'source', 'track', 'canvas', 'template', 'noscript', 'portal', 'fencedframe'];
  const loading = ['style', 'srcset', 'srcdoc', 'action', 'formaction', 'background', 'poster', 'ping', 'data', 'xlink:href', 'codebase', 'dynsrc', 'lowsrc'];
  const schemeOf = (value: string) => /^\s*([a-z][a-z0-9+.-]*):/i.exec(value)?.[1]?.toLowerCase();
  for (const element of root.querySelectorAll('*')) {
    const tag = element.localName;
    if (forbidden.includes(tag)) found.push(`<${tag}>`);
    for (const { name, value } of Array.from(element.attributes)) {
      const short = `${tag}[${name}="${value.slice(0, 60)}"]`;
      if (/^on/i.test(name)) found.push(short);
      else if (loading.includes(name)) found.push(short);
      else if (name === 'src') {
        const scheme = schemeOf(value);
        const local = scheme === 'blob' || (scheme === 'data' && /^\s*data:image\//i.test(value)) || (scheme === undefined && location.protocol === 'file:');
        if (!local) found.push(short);
      } else if (name === 'href') {
        const scheme = schemeOf(value);
        if (scheme !== undefined && !['http', 'https', 'mailto'].includes(scheme)) found.push(short);
      }
    }
    if (tag === 'a' && /^https?:/i.test(element.getAttribute('href') ?? '')) {
      const rel = (element.getAttribute('rel') ?? '').split(/\s+/);
      if (!rel.includes('noopener') || !rel.includes('noreferrer')) found.push(`a without noopener noreferrer: ${element.getAttribute('href')}`);
      if (element.getAttribute('target') !== '_blank') found.push(`a that would replace the copy: ${element.getAttribute('href')}`);
      if (!/on the live web/.test(element.getAttribute('title') ?? '') && root.matches('article, .article-body')) found.push(`a that does not say it goes to the live web: ${element.getAttribute('href')}`);
    }
  }
  return { audit: found, ran };
}

/** What the instrumentation saw run or get blocked in this document (see INSTRUMENT). */
export function ranInPage(): string[] | null {
  const ran = (window as unknown as { __samizdatRan?: string[] }).__samizdatRan;
  return ran ? [...ran] : null;
}
