// Password hashing with scrypt (node:crypto), parameters stored with the hash so they can evolve.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { dictionary } from "@zxcvbn-ts/language-common";
import type { Bilingual } from "@refugio/schemas";

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );

// OWASP's scrypt baseline: N=2^17, r=8, p=1 (128 MiB); maxmem raised to allow it.
const PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { ...PARAMS, maxmem: 256 * 1024 * 1024 });
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, "base64");
  const key = await scrypt(password, Buffer.from(saltB64, "base64"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// ---- Weak passwords (NIST SP 800-63B, 5.1.1.2) --------------------------------------------
// A new password is checked against a list of common passwords, repetitive or sequential
// characters and context words (the user's own name, the service's name). No composition rules:
// length (12, checked by passwordSchema) and these checks only.

// zxcvbn-ts's common list (~49 000 passwords from leaked-password corpora, MIT), kept in memory once.
let common: Set<string> | undefined;
const commonPasswords = () => (common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase())));

/** One character repeated, a short run repeated ("abcabcabcabc"), or one ascending/descending sequence. */
function repetitiveOrSequential(password: string): boolean {
  if (/^(.{1,4})\1+$/su.test(password)) return true;
  const codes = [...password].map((c) => c.codePointAt(0) ?? 0);
  const steps = new Set(codes.slice(1).map((c, i) => c - (codes[i] ?? 0)));
  return steps.size === 1 && [1, -1].includes([...steps][0] ?? 0);
}

/** Letters and digits only, lower-case: "Shelter-HRT-01" and "shelterhrt01" are the same word. */
const core = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

/**
 * Why a new password is too weak, or null. `username` is the account's name: a password holding
 * it is refused. (Length is passwordSchema's rule; this adds what NIST asks to check.)
 */
export function weakPasswordReason(password: string, username: string): Bilingual | null {
  const lower = password.toLowerCase();
  if (password.trim() === "" || repetitiveOrSequential(password)) {
    return { es: "la contraseña repite o encadena caracteres (p. ej. «aaaaaaaaaaaa», «abcdefghijkl»)", en: 'the password repeats or runs through characters (e.g. "aaaaaaaaaaaa", "abcdefghijkl")' };
  }
  if (commonPasswords().has(lower) || commonPasswords().has(lower.trim())) {
    return { es: "la contraseña está en una lista de contraseñas comunes; elija otra", en: "the password is on a list of common passwords; choose another" };
  }
  const name = core(username);
  const pass = core(password);
  if ((name.length >= 3 && pass.includes(name)) || pass.includes("refugio")) {
    return { es: "la contraseña contiene el nombre de usuario o el del servicio", en: "the password contains the user name or the service's name" };
  }
  return null;
}
