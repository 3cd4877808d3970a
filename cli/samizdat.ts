// The `samizdat` command: the extension's own capture code, in Node. Wiring only; see commands.ts.
import { main } from './commands';

main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
