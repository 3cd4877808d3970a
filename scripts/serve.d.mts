/** What a path answers: a file, or a body; `delayMs` holds the answer back (a slow download). */
export type Route = string | { file?: string; body?: string | Uint8Array; type?: string; delayMs?: number };
export interface Served {
  url: string;
  port: number;
  requests: string[];
  route: (path: string, target: Route) => void;
  close: () => Promise<void>;
}
export function serve(routes: Record<string, Route>, port?: number): Promise<Served>;
