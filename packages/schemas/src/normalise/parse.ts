// Parsers for cell values as spreadsheet programs in Spanish-speaking countries write them.
// Each returns { ok, value } or { ok: false, reason: { es, en } }; an empty cell is value null
// (missing), and whether that is allowed is the caller's business (see validateRows).
import { booleanSpellings, codeLists, type CodeDef, type CodeListName, type CodeOf } from "../contract/codes";
import { fail, normaliseMessages, ok, type ParseResult } from "./messages";
import { cellText, foldCode, foldText } from "./text";

export type RawCell = string | number | boolean | Date | null | undefined;

const trueSet = new Set<string>(booleanSpellings.true.map(foldText));
const falseSet = new Set<string>(booleanSpellings.false.map(foldText));

export function parseBoolean(raw: RawCell): ParseResult<boolean | null> {
  if (typeof raw === "boolean") return ok(raw);
  if (typeof raw === "number") return raw === 1 ? ok(true) : raw === 0 ? ok(false) : fail(normaliseMessages.notBoolean());
  const s = cellText(raw);
  if (s === null) return ok(null);
  const f = foldText(s);
  if (trueSet.has(f)) return ok(true);
  if (falseSet.has(f)) return ok(false);
  return fail(normaliseMessages.notBoolean());
}

const pad = (n: number, w: number) => String(n).padStart(w, "0");

function isoFromParts(y: number, m: number, d: number): ParseResult<string> {
  if (y < 1900 || y > 2100) return fail(normaliseMessages.yearOutOfRange());
  if (m < 1 || m > 12 || d < 1) return fail(normaliseMessages.impossibleDate());
  // Day 0 of the next month is the last day of this one (UTC: no time-zone surprises).
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > last) return fail(normaliseMessages.impossibleDate());
  return ok(`${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
}

/**
 * ISO `yyyy-mm-dd` (a midnight time part is tolerated, as some tools append one), or day first:
 * `dd/mm/yyyy`, `d/m/yyyy`, also with `-` or `.` between parts. Returns the ISO date.
 */
export function parseDate(raw: RawCell): ParseResult<string | null> {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return fail(normaliseMessages.notDate());
    return isoFromParts(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
  }
  if (typeof raw === "boolean" || typeof raw === "number") return fail(normaliseMessages.notDate());
  const s = cellText(raw);
  if (s === null) return ok(null);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]00:?00)?)?$/.exec(s);
  if (iso) {
    const [, y, m, d, hh, mm, ss, frac] = iso;
    if (hh !== undefined && (Number(hh) !== 0 || Number(mm) !== 0 || Number(ss ?? 0) !== 0 || Number(frac ?? 0) !== 0)) {
      return fail(normaliseMessages.timeNotMidnight());
    }
    return isoFromParts(Number(y), Number(m), Number(d));
  }
  const dmy = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/.exec(s);
  if (dmy) {
    const [, d, , m, y] = dmy;
    if (y?.length === 2) return fail(normaliseMessages.twoDigitYear());
    return isoFromParts(Number(y), Number(m), Number(d));
  }
  return fail(normaliseMessages.notDate());
}

const GROUP = /^\d{1,3}(?:[.,]\d{3})+$/;

/**
 * A decimal number written with a decimal comma ("3,5") or point ("3.5"). Where both appear
 * ("1.234,5" or "1,234.5") the last one is the decimal mark and the other must group thousands.
 * A lone separator followed by exactly three digits ("1.234") is read as a decimal mark, as
 * the contract's numeric columns are scores and counts, never thousands.
 */
export function parseDecimal(raw: RawCell): ParseResult<number | null> {
  if (typeof raw === "number") return Number.isFinite(raw) ? ok(raw) : fail(normaliseMessages.notNumber());
  if (typeof raw === "boolean" || raw instanceof Date) return fail(normaliseMessages.notNumber());
  const s0 = cellText(raw);
  if (s0 === null) return ok(null);
  const s = s0.replace(/[\s\u00a0\u2007\u202f]/g, "");
  const m = /^([+-]?)(\d*(?:[.,]\d*)*)$/.exec(s);
  if (!m || !/\d/.test(s)) return fail(normaliseMessages.notNumber());
  const sign = m[1] === "-" ? -1 : 1;
  const body = m[2] ?? "";
  const lastDot = body.lastIndexOf(".");
  const lastComma = body.lastIndexOf(",");
  let intPart: string;
  let fracPart = "";
  if (lastDot < 0 && lastComma < 0) {
    intPart = body;
  } else {
    const decAt = Math.max(lastDot, lastComma);
    const decMark = body[decAt];
    const before = body.slice(0, decAt);
    fracPart = body.slice(decAt + 1);
    const otherMark = decMark === "," ? "." : ",";
    if (before.includes(decMark ?? "")) {
      // The same mark more than once: only valid as thousands grouping with no decimals.
      if (!GROUP.test(body) || body.includes(otherMark)) return fail(normaliseMessages.notNumber());
      intPart = body.replace(/[.,]/g, "");
      fracPart = "";
    } else if (before.includes(otherMark)) {
      if (!GROUP.test(before) || before.includes(decMark ?? "")) return fail(normaliseMessages.notNumber());
      intPart = before.replace(/[.,]/g, "");
    } else {
      intPart = before;
    }
    if (!/^\d*$/.test(fracPart)) return fail(normaliseMessages.notNumber());
  }
  if (intPart === "" && fracPart === "") return fail(normaliseMessages.notNumber());
  const value = sign * Number(`${intPart || "0"}.${fracPart || "0"}`);
  return Number.isFinite(value) ? ok(value === 0 ? 0 : value) : fail(normaliseMessages.notNumber());
}

export function parseInteger(raw: RawCell): ParseResult<number | null> {
  const r = parseDecimal(raw);
  if (!r.ok || r.value === null) return r;
  return Number.isSafeInteger(r.value) ? r : fail(normaliseMessages.notInteger());
}


/**
 * Every folded spelling of a code list: the codes themselves (`exact`), and the labels and
 * aliases with the codes each names (more than one = ambiguous). The browser check and the
 * ingester's SQL reference table are both built from this, so they accept the same spellings.
 */
export function codeSpellings(defs: readonly CodeDef[]): { exact: Map<string, string>; labels: Map<string, Set<string>> } {
  const exact = new Map(defs.map((d) => [foldCode(d.code), d.code]));
  const labels = new Map<string, Set<string>>();
  for (const d of defs) {
    for (const label of [d.es, d.en, ...(d.aliases ?? [])]) {
      const k = foldCode(label);
      if (exact.has(k)) continue; // a label spelled like a code means that code
      const set = labels.get(k) ?? new Set<string>();
      set.add(d.code);
      labels.set(k, set);
    }
  }
  return { exact, labels };
}

/**
 * Matcher over a list of code definitions: the code itself in any case, or a label/alias
 * naming exactly one code. Exported for other vocabularies (e.g. instrument registries).
 */
export function makeCodeMatcher(defs: readonly CodeDef[]): (raw: RawCell) => ParseResult<string | null> {
  const { exact, labels } = codeSpellings(defs);
  const allowed = defs.map((d) => d.code);
  return (raw) => {
    if (typeof raw === "boolean" || raw instanceof Date) return fail(normaliseMessages.unknownCode(allowed));
    const s = cellText(raw);
    if (s === null) return ok(null);
    const k = foldCode(s);
    const code = exact.get(k);
    if (code !== undefined) return ok(code);
    const candidates = labels.get(k);
    if (candidates?.size === 1) return ok([...candidates][0] ?? null);
    if (candidates && candidates.size > 1) return fail(normaliseMessages.ambiguousCode([...candidates].sort()));
    return fail(normaliseMessages.unknownCode(allowed));
  };
}

const matchers = new Map<string, ReturnType<typeof makeCodeMatcher>>();

/**
 * A code of a contract code list: the code itself in any case, or a Spanish/English label or
 * alias (accents optional) when it names exactly one code. Returns the canonical code.
 */
export function parseCode<L extends CodeListName>(listName: L, raw: RawCell): ParseResult<CodeOf<L> | null> {
  if (!Object.hasOwn(codeLists, listName)) return fail(normaliseMessages.unknownCodeList(String(listName)));
  let match = matchers.get(listName);
  if (!match) {
    match = makeCodeMatcher(codeLists[listName]);
    matchers.set(listName, match);
  }
  return match(raw) as ParseResult<CodeOf<L> | null>;
}

/** Coordinator survey answer: "yes" / "no" (any boolean spelling) or a Likert point "1"…"5". */
export function parseSurveyAnswer(raw: RawCell): ParseResult<string | null> {
  const s = cellText(raw);
  if (s === null) return ok(null);
  if (/^[1-5]$/.test(s)) return ok(s);
  const b = parseBoolean(s);
  if (b.ok && b.value !== null && !/^[01]$/.test(s)) return ok(b.value ? "yes" : "no");
  return fail(normaliseMessages.notSurveyAnswer());
}
