/**
 * A word-level difference between two texts (Myers' algorithm over word and space tokens), for
 * showing exactly what an edit removed and added. Unchanged runs between changes are kept whole;
 * the view shortens them.
 */

export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

/** Words and the white space between them, so that joining the tokens gives the text back. */
export function tokens(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/** The shortest edit script from a to b, as a list of parts (Myers, O((N+M)·D)). */
export function diffTokens(a: string[], b: string[]): DiffPart[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  trace.push(v);
  // Walk back through the trace to recover the edits, then merge neighbours of one kind.
  const parts: DiffPart[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) parts.push({ kind: 'same', text: a[--x]! }), y--;
    if (d === 0) break;
    if (x === prevX) parts.push({ kind: 'added', text: b[--y]! });
    else parts.push({ kind: 'removed', text: a[--x]! });
  }
  while (x > 0 && y > 0) parts.push({ kind: 'same', text: a[--x]! }), y--;
  parts.reverse();
  return merge(parts);
}

function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (last && last.kind === part.kind) last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

/**
 * The difference between two texts, word by word. A change that only touches white space inside
 * a run is shown as unchanged; removals are shown before additions at the same place.
 */
export function diffWords(before: string, after: string): DiffPart[] {
  return coalesce(diffTokens(tokens(before), tokens(after)));
}

/**
 * Changes separated only by white space read as one change: "[-Approximately 60-]{+Several+}",
 * not "[-Approximately-]{+Several+} [-60 -]".
 */
function coalesce(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  let i = 0;
  while (i < parts.length) {
    if (parts[i]!.kind === 'same') {
      out.push(parts[i++]!);
      continue;
    }
    let removed = '';
    let added = '';
    let end = i;
    let pendingSpace = '';
    while (end < parts.length) {
      const part = parts[end]!;
      if (part.kind === 'same') {
        const next = parts[end + 1];
        if (!/^\s+$/.test(part.text) || !next || next.kind === 'same') break;
        pendingSpace = part.text;
        end++;
        continue;
      }
      if (pendingSpace) {
        removed += pendingSpace;
        added += pendingSpace;
        pendingSpace = '';
      }
      if (part.kind === 'removed') removed += part.text;
      else added += part.text;
      end++;
    }
    // Space shared by both sides at the end stays unchanged, where the reader expects it.
    let shared = '';
    const trailing = /\s+$/.exec(removed)?.[0];
    if (removed && added && trailing && added.endsWith(trailing)) {
      removed = removed.slice(0, -trailing.length);
      added = added.slice(0, -trailing.length);
      shared = trailing;
    }
    if (removed) out.push({ kind: 'removed', text: removed });
    if (added) out.push({ kind: 'added', text: added });
    if (shared) out.push({ kind: 'same', text: shared });
    i = end;
  }
  return merge(out);
}
