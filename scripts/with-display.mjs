// Run a command with an X display: the one the user has, or a virtual one from xvfb-run.
// Real-browser tests need it for the keyboard-shortcut test, which presses real keys.
import { spawnSync } from 'node:child_process';

const command = process.argv.slice(2);
const run = process.env.DISPLAY ? command : ['xvfb-run', '--auto-servernum', '--server-args=-screen 0 1280x800x24', ...command];
const result = spawnSync(run[0], run.slice(1), { stdio: 'inherit' });
if (result.error) {
  console.error(result.error.code === 'ENOENT' ? `${run[0]} is not installed (apt-get install xvfb xauth)` : result.error.message);
  process.exit(1);
}
process.exit(result.status ?? 1);
