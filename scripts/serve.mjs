// A static file server for test pages, bound to 127.0.0.1 only. Used by `npm start` and the
// end-to-end tests. Routes map URL paths to files; every request is logged so tests can assert
// what the browser fetched.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { gunzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serve routes (URL path -> a file, a body, or a function answering each request anew) on
 * 127.0.0.1; the types are in serve.d.mts.
 * @param {Record<string, import('./serve.d.mts').Route>} routes
 * @param {number} [port] 0 picks a free port
 * @returns {Promise<import('./serve.d.mts').Served>}
 */
export async function serve(routes, port = 0) {
  const table = new Map(Object.entries(routes));
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    const target = table.get(path);
    if (!target) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const spec = typeof target === 'string' ? { file: target } : target;
    if (spec.respond) {
      const answer = spec.respond();
      if (answer === 'reset') return req.socket.destroy();
      if (answer === 'hang') return;
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...answer.headers }).end(answer.body ?? '');
      return;
    }
    try {
      if (spec.delayMs) await new Promise((resolve) => setTimeout(resolve, spec.delayMs));
      // Large fixtures are kept gzipped (tests/fixtures/README.md): a `.gz` file is served as the page it holds.
      const zipped = spec.body === undefined && spec.file.endsWith('.gz');
      const body = spec.body ?? (zipped ? gunzipSync(await readFile(spec.file)) : await readFile(spec.file));
      const type = spec.type ?? TYPES[extname((zipped ? spec.file.slice(0, -3) : spec.file) ?? path)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    route: (path, target) => table.set(path, target),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
