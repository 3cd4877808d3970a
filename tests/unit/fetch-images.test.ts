import { describe, expect, it } from 'vitest';
import { fetchImages, IMAGE_LIMITS, type Fetch } from '../../utils/save/fetch-images';
import { mayFetch, originsNeedingPermission, patternCovers } from '../../utils/save/host-access';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

/** A server of images of given sizes (PNG headers, then zeros), logging what was asked. */
function server(sizes: Record<string, number | 'html' | 404>) {
  const asked: string[] = [];
  const fetch: Fetch = async (url) => {
    asked.push(url);
    const size = sizes[url];
    if (size === undefined || size === 404) return new Response('no', { status: 404 });
    if (size === 'html') return new Response('<html>not an image</html>', { headers: { 'content-type': 'image/png' } });
    const bytes = new Uint8Array(size);
    bytes.set(PNG.subarray(0, Math.min(size, PNG.length)));
    return new Response(bytes);
  };
  return { fetch, asked };
}

describe('fetching an article’s images', () => {
  it('keeps images by their bytes, and says why the others are missing', async () => {
    const { fetch } = server({ 'https://a/1.png': 100, 'https://a/2.png': 'html', 'https://a/3.png': 404, 'https://a/4.png': IMAGE_LIMITS.maxImageBytes + 1 });
    const results = await fetchImages(['https://a/1.png', 'https://a/2.png', 'https://a/3.png', 'https://a/4.png', 'https://b/5.png'], fetch, (url) => url.startsWith('https://a/'));
    expect(results.map((r) => ('hash' in r ? `kept ${r.type} ${r.size}` : r.missing))).toEqual(['kept image/png 100', 'not-an-image', 'unreachable', 'too-large', 'no-permission']);
  });

  it('never lets the images of one article together pass the article limit, even four at a time', async () => {
    const big = IMAGE_LIMITS.maxImageBytes - 1;
    const urls = Array.from({ length: 8 }, (_, i) => `https://a/${i}.png`);
    const { fetch } = server(Object.fromEntries(urls.map((u) => [u, big])));
    const results = await fetchImages(urls, fetch, () => true);
    const kept = results.filter((r) => 'hash' in r);
    expect(kept.reduce((sum, r) => sum + ('size' in r ? r.size : 0), 0)).toBeLessThanOrEqual(IMAGE_LIMITS.maxArticleBytes);
    expect(kept.length).toBe(Math.floor(IMAGE_LIMITS.maxArticleBytes / big));
    expect(results.filter((r) => 'missing' in r).every((r) => 'missing' in r && r.missing === 'article-too-large')).toBe(true);
  });

  it('stops at the image count limit, in reading order', async () => {
    const urls = Array.from({ length: IMAGE_LIMITS.maxImages + 2 }, (_, i) => `https://a/${i}.png`);
    const { fetch, asked } = server(Object.fromEntries(urls.map((u) => [u, 20])));
    const results = await fetchImages(urls, fetch, () => true);
    expect(results.slice(-2)).toEqual(urls.slice(-2).map((url) => ({ url, missing: 'too-many' })));
    expect(asked).toHaveLength(IMAGE_LIMITS.maxImages);
  });
});

describe('which sites may be fetched', () => {
  it.each([
    ['https://*/*', 'https://cdn.example/a.png', true],
    ['http://*/*', 'https://cdn.example/a.png', false],
    ['*://*.example/*', 'https://img.cdn.example/a.png', true],
    ['https://cdn.example/*', 'https://cdn.example:8443/a.png', true],
    ['https://cdn.example/*', 'https://cdn.example.evil/a.png', false],
    ['<all_urls>', 'http://x/a.png', true],
  ])('%s covers %s: %s', (pattern, url, expected) => {
    expect(patternCovers(pattern, url)).toBe(expected);
  });

  it('allows the tab’s own site on any port, and asks for other sites by host', () => {
    expect(mayFetch('http://127.0.0.1:9/a.png', 'http://127.0.0.1:8080/story', [])).toBe(true);
    expect(originsNeedingPermission(['https://cdn.example:8443/a.png', 'https://cdn.example/b.png'], 'https://news.example/', [])).toEqual(['https://cdn.example']);
    expect(mayFetch('https://cdn.example:8443/a.png', 'https://news.example/', ['https://cdn.example/*'])).toBe(true);
  });
});
