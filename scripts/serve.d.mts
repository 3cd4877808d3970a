export interface Served {
  url: string;
  port: number;
  requests: string[];
  route: (path: string, target: string | { body: string; type?: string }) => void;
  close: () => Promise<void>;
}
export function serve(routes: Record<string, string | { file?: string; body?: string; type?: string }>, port?: number): Promise<Served>;
