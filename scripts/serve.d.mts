/** What `respond` answers a request: a status, headers and body; or the connection closed unanswered, or held open for ever. */
export type Answer = { status?: number; headers?: Record<string, string>; body?: string | Uint8Array } | 'reset' | 'hang';
/**
 * What a path answers: a file, or a body; `delayMs` holds the answer back (a slow download);
 * `respond` answers each request anew (a site that changes, redirects or fails: the watching tests).
 */
export type Route = string | { file?: string; body?: string | Uint8Array; type?: string; delayMs?: number; respond?: () => Answer };
export interface Served {
  url: string;
  port: number;
  requests: string[];
  route: (path: string, target: Route) => void;
  close: () => Promise<void>;
}
export function serve(routes: Record<string, Route>, port?: number): Promise<Served>;
