import { execFileSync } from 'node:child_process';

/**
 * The `age` command-line tool (Debian's package `age`, which .ci/run installs): the reference
 * implementation, the best test of the files Samizdat writes. It reads passphrases only from a
 * terminal, so it runs under `script`, which gives it one and types what `input` holds.
 */
function age(args: string[], input: string): string {
  try {
    execFileSync('age', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('the age command is not installed (apt-get install age; .ci/run installs it)');
  }
  const quoted = args.map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  return execFileSync('script', ['-qec', `age ${quoted}`, '/dev/null'], { input, encoding: 'utf8', timeout: 60_000 });
}

/** `age -d`: the passphrase typed once. Throws (with age's words) when age refuses the file. */
export function ageDecrypt(encrypted: string, passphrase: string, output: string): string {
  return age(['-d', '-o', output, encrypted], `${passphrase}\n`);
}

/** `age -p` (`-a`: armoured, as for mail): the passphrase typed twice, as age asks. */
export function ageEncrypt(plain: string, passphrase: string, output: string, { armored = false } = {}): string {
  return age([...(armored ? ['-a'] : []), '-p', '-o', output, plain], `${passphrase}\n${passphrase}\n`);
}
