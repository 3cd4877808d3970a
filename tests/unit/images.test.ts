import { describe, expect, it } from 'vitest';
import { bestCandidate, resolveImages } from '../../utils/capture/images';
import { windowFor } from '../helpers/dom';

const GIF = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

function resolved(html: string): string {
  const doc = windowFor(`<body>${html}</body>`, 'https://news.example/').document;
  resolveImages(doc);
  return doc.body.innerHTML;
}

describe('images before extraction', () => {
  it.each([
    ['data-src behind a placeholder', `<img src="${GIF}" data-src="/a.jpg">`, '<img src="/a.jpg" data-src="/a.jpg">'],
    ['data-original with no src', '<img data-original="/b.jpg">', '<img data-original="/b.jpg" src="/b.jpg">'],
    ['data-lazy-src', `<img src="${GIF}" data-lazy-src="/c.jpg">`, '<img src="/c.jpg" data-lazy-src="/c.jpg">'],
    ['a real src stays', '<img src="/real.jpg" data-src="/other.jpg">', '<img src="/real.jpg" data-src="/other.jpg">'],
    ['srcset: the largest up to 2000 px', '<img src="/s.jpg" srcset="/s.jpg 320w, /m.jpg 1024w, /l.jpg 1600w, /xl.jpg 4000w">', '<img src="/l.jpg">'],
    ['srcset in densities', '<img src="/a.jpg" srcset="/a.jpg 1x, /a2.jpg 2x">', '<img src="/a2.jpg">'],
    ['data-srcset', `<img src="${GIF}" data-srcset="/p.jpg 320w, /q.jpg 640w">`, '<img src="/q.jpg" data-srcset="/p.jpg 320w, /q.jpg 640w">'],
    ['picture sources', `<picture><source srcset="/w.webp 800w, /w2.webp 1600w" type="image/webp"><img src="${GIF}"></picture>`, '<picture><source srcset="/w.webp 800w, /w2.webp 1600w" type="image/webp"><img src="/w2.webp"></picture>'],
    ['a figure painted with CSS', '<figure><div style="background-image: url(\'/bg.jpg\')"></div><figcaption>Protest in the square</figcaption></figure>', '<figure><img src="/bg.jpg" alt="Protest in the square"><div style="background-image: url(\'/bg.jpg\')"></div><figcaption>Protest in the square</figcaption></figure>'],
  ])('%s', (_name, input, expected) => {
    expect(resolved(input)).toBe(expected);
  });

  it('reads srcsets written without spaces, and URLs with commas', () => {
    expect(bestCandidate('/a.jpg 320w,/b.jpg 640w')).toBe('/b.jpg');
    expect(bestCandidate('https://cdn.example/w_320,h_180/a.jpg 320w, https://cdn.example/w_960,h_540/a.jpg 960w')).toBe('https://cdn.example/w_960,h_540/a.jpg');
  });

  it('takes the smallest candidate when all are too large', () => {
    expect(bestCandidate('/a.jpg 5000w, /b.jpg 3000w')).toBe('/b.jpg');
    expect(bestCandidate('')).toBeNull();
  });
});
