// Fake HTTP services for component tests: a `fetch` that answers the app's calls to the compliance API and the
// indexer (through the same-origin paths /api/compliance and /api/indexer) from routes a test declares, and records
// every request. The app's service clients, their response validation and error sentences stay real.
import { vi } from "vitest";

export interface FakeRequest {
  method: string;
  /** Path and query as the app asked for them, e.g. /api/indexer/api/accounts/…?limit=10. */
  url: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

export interface FakeReply {
  status?: number;
  body?: unknown;
}

type Reply = (request: FakeRequest) => FakeReply | Promise<FakeReply>;

/** An answer the test releases later, to look at the pending state first. */
export function deferred(): { reply: Reply; release: (answer: FakeReply) => void } {
  let release: (answer: FakeReply) => void = () => {};
  const answer = new Promise<FakeReply>((resolve) => {
    release = resolve;
  });
  return { reply: () => answer, release: (value) => release(value) };
}

/** The compliance API's error body: `{ error: { code, message, retryable } }`. */
export function apiError(status: number, code: string, message: string): FakeReply {
  return { status, body: { error: { code, message, retryable: status >= 500 } } };
}

export class FakeServices {
  readonly requests: FakeRequest[] = [];
  readonly #routes: { method: string; path: string | RegExp; reply: Reply }[] = [];

  /** Answers `method path` (path without query; a RegExp matches the path). The route added last wins. */
  on(method: string, path: string | RegExp, reply: Reply | FakeReply): this {
    this.#routes.unshift({
      method,
      path,
      reply: typeof reply === "function" ? reply : () => reply,
    });
    return this;
  }

  /** The requests made to `path` (a prefix or RegExp). */
  to(path: string | RegExp): FakeRequest[] {
    return this.requests.filter((request) =>
      typeof path === "string" ? request.path.startsWith(path) : path.test(request.path),
    );
  }

  /** Installs this fake as the global fetch for the current test (undone by vi.unstubAllGlobals). */
  install(): this {
    vi.stubGlobal("fetch", this.fetch);
    return this;
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = String(input instanceof Request ? input.url : input);
    const [path = "", search = ""] = url.split("?");
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const request: FakeRequest = {
      method: (init.method ?? "GET").toUpperCase(),
      url,
      path,
      query: new URLSearchParams(search),
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
      headers,
    };
    this.requests.push(request);
    const route = this.#routes.find(
      (r) =>
        r.method === request.method &&
        (typeof r.path === "string" ? r.path === path : r.path.test(path)),
    );
    if (!route) throw new TypeError(`Failed to fetch: no fake answer for ${request.method} ${url}`);
    const { status = 200, body = null } = await route.reply(request);
    return new Response(body === null ? null : JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json" },
    });
  };
}
