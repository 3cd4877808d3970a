import { main } from '../../cli/commands';

/** Run the `samizdat` command in this process, as its bin does: its exit code and what it printed. */
export async function runCommand(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
