/**
 * A passphrase typed in the terminal, not echoed: the terminal is put in raw mode and each key
 * read as it comes (Backspace rubs out, Ctrl-C and Ctrl-D give up). Undefined when the input is
 * not a terminal: a script gives the passphrase with --passphrase-file, never on the command line,
 * where other users of the machine could read it in the process list.
 */
export function askPassphrase(prompt: string): Promise<string | undefined> {
  const input = process.stdin;
  if (!input.isTTY) return Promise.resolve(undefined);
  process.stderr.write(prompt);
  return new Promise((resolve) => {
    let typed = '';
    const finish = (answer: string | undefined) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      resolve(answer);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(typed || undefined);
        if (char === '\u0003' || char === '\u0004') return finish(undefined);
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char >= ' ') typed += char;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}
