// The `samizdat` command: the extension's own capture code, in Node. Wiring only; see commands.ts.
import { main } from './commands';
import { askPassphrase } from './ask-passphrase';

main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  askPassphrase,
}).then((code) => {
  process.exitCode = code;
});
