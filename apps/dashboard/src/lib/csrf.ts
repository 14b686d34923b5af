// The CSRF token lives only in memory: it comes from `auth.login` and `auth.me`, never from storage,
// so a script injected elsewhere cannot read it from localStorage.
let token: string | null = null;

export function setCsrfToken(value: string | null): void {
  token = value;
}

export function csrfToken(): string | null {
  return token;
}
