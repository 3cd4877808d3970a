import { describe, expect, it } from 'vitest';
import { capturePage } from '../../utils/capture/capture-page';
import { unclobberedCopy } from '../../utils/capture/unclobber';
import { windowFor } from '../helpers/dom';

const TEXT = '<p>The harbour authority confirmed on Tuesday that the northern pier will stay closed for repairs until the spring, after inspectors found that storms had loosened the supports under the old fish market, and traders who rent stalls there say they were told only a week ago.</p>'.repeat(4);

/** A page whose markup shadows the DOM that capture relies on. */
const CLOBBERING = `<!doctype html><html lang="en"><head><title>Clobbered</title></head><body><article><h1>Clobbered</h1>${TEXT}
<div onclick=alert(0)><form onsubmit=alert(1)><input onfocus=alert(2) name=parentNode>123</form></div>
<form name="getElementById"></form><form name="querySelectorAll"></form><img name="body"><img name="URL"><img name="title" alt="">
<form id="f"><input name="children"><input id="firstChild"><output name="nodeName"></output></form><input form="f" name="lastChild">
${TEXT}</article></body></html>`;

describe('DOM clobbering', () => {
  it('is defused in the copy capture works on: the names that shadow DOM properties are gone', () => {
    const win = windowFor(CLOBBERING, 'https://harbour.example/clobbered');
    const copy = unclobberedCopy(win.document, win);
    const form = copy.querySelector('input')!.closest('form')!;
    expect(form.parentNode).toBe(copy.querySelector('article div'));
    expect(copy.querySelectorAll('[name="parentNode"], [name="getElementById"], [name="body"], [name="URL"], [name="children"], [id="firstChild"], [name="lastChild"]')).toHaveLength(0);
    expect(typeof copy.getElementById).toBe('function');
    expect(copy.body.localName).toBe('body');
    // The live page is left as it was.
    expect(win.document.querySelectorAll('[name]')).toHaveLength(9);
  });

  it('does not stop capture: the article is saved with its text, and none of the clobbering names', () => {
    const win = windowFor(CLOBBERING, 'https://harbour.example/clobbered');
    const outcome = capturePage(win.document, win);
    expect(outcome).toMatchObject({ ok: true, capture: { title: 'Clobbered', canonicalUrl: 'https://harbour.example/clobbered', lang: 'en' } });
    if (!outcome.ok) return;
    expect(outcome.capture.text).toContain('northern pier');
    expect(outcome.capture.html).not.toMatch(/parentNode|getElementById|onclick|onsubmit/);
  });

  it('keeps names and ids that shadow nothing', () => {
    const win = windowFor('<!doctype html><body><img name="photo" id="lead"><form id="subscribe"><input name="email"></form></body>', 'https://harbour.example/');
    const copy = unclobberedCopy(win.document, win);
    expect(copy.querySelector('img')!.getAttribute('name')).toBe('photo');
    expect(copy.querySelector('img')!.id).toBe('lead');
    expect(copy.querySelector('input')!.getAttribute('name')).toBe('email');
  });
});
