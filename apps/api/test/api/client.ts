// A plain-fetch tRPC client that behaves like the dashboard: keeps the session cookie, sends the
// CSRF token on mutations, and exposes the raw HTTP status and error shape for assertions.
export interface TrpcResponse<T = unknown> {
  status: number;
  headers: Headers;
  data?: T;
  error?: { message: string; code: number; data: { code: string; httpStatus: number; path?: string; fieldErrors: Record<string, string[]> | null } };
  raw: string;
}

export class ApiClient {
  cookie: string | null = null;
  csrf: string | null = null;
  lastSetCookie: string | null = null;

  constructor(readonly base: string) {}

  private async send<T>(method: "GET" | "POST", path: string, input: unknown, headers: Record<string, string> = {}): Promise<TrpcResponse<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let url = `${this.base}/trpc/${path}`;
    let body: string | undefined;
    if (method === "GET") {
      if (input !== undefined) url += `?input=${encodeURIComponent(JSON.stringify(input))}`;
    } else {
      // As @trpc/client does: content-type always, no body when there is no input.
      h["content-type"] = "application/json";
      body = input === undefined ? undefined : JSON.stringify(input);
    }
    const res = await fetch(url, { method, headers: h, body });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) {
      this.lastSetCookie = setCookie;
      const [pair] = setCookie.split(";");
      this.cookie = pair && !/=$/.test(pair) ? pair : null;
    }
    const raw = await res.text();
    const json = JSON.parse(raw) as { result?: { data: T }; error?: TrpcResponse["error"] };
    return { status: res.status, headers: res.headers, data: json.result?.data, error: json.error, raw };
  }

  query<T = unknown>(path: string, input?: unknown) {
    return this.send<T>("GET", path, input);
  }

  /** `csrf: false` leaves the header out; a string sends that value instead of the session's. */
  mutate<T = unknown>(path: string, input?: unknown, opts: { csrf?: false | string } = {}) {
    const token = opts.csrf === false ? null : (opts.csrf ?? this.csrf);
    return this.send<T>("POST", path, input, token ? { "x-csrf-token": token } : {});
  }

  async login(username: string, password: string): Promise<TrpcResponse<{ csrfToken: string; role: string }>> {
    const r = await this.mutate<{ csrfToken: string; role: string }>("auth.login", { username, password });
    if (r.data) this.csrf = r.data.csrfToken;
    return r;
  }
}

export async function signedIn(base: string, username: string, password: string): Promise<ApiClient> {
  const c = new ApiClient(base);
  const r = await c.login(username, password);
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.raw}`);
  return c;
}
