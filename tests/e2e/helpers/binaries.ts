import { execFileSync } from 'node:child_process';

/**
 * The absolute path of a browser or tool from the system (Debian's packages). A missing binary
 * fails the test with the command that installs it: real-browser tests are never skipped.
 * `SAMIZDAT_<NAME>` (`SAMIZDAT_CHROMIUM`, `SAMIZDAT_FIREFOX_ESR`) names another build of it, so
 * that the suite can be run against an older or newer browser than the one installed.
 */
export function binary(name: string, aptPackage = name): string {
  const override = process.env[`SAMIZDAT_${name.toUpperCase().replace(/-/g, '_')}`];
  if (override) return override;
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${name} is not installed; end-to-end tests need it: apt-get install ${aptPackage}`);
  }
}
