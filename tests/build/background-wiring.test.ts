import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const OUTPUT = fileURLToPath(new URL('../../.output/', import.meta.url));

/**
 * The background's listeners, as built: a setup function written but never called passes every
 * unit test of what it would do, so the shipped bundles are checked for each registration.
 */
describe.each([
  ['chrome-mv3', 'background.js'],
  ['firefox-mv2', 'background.js'],
])('the %s background', (build, file) => {
  const code = readFileSync(`${OUTPUT}${build}/${file}`, 'utf8');
  it.each(['runtime.onMessage', 'contextMenus.onClicked', 'commands.onCommand', 'permissions.onAdded', 'runtime.onInstalled', 'runtime.onStartup'])('listens to %s', (event) => {
    const [api, name] = event.split('.');
    expect(code).toMatch(new RegExp(`${api}\\.${name}\\.addListener`));
  });
});
