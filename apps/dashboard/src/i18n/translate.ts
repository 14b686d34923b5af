// Pure lookup and interpolation, separate from React so it can be unit-tested.
import { en } from "./en";
import { es, type MessageKey } from "./es";

export type Lang = "es" | "en";
export const languages: readonly Lang[] = ["es", "en"];
export const dictionaries: Record<Lang, Record<MessageKey, string>> = { es, en };
export type { MessageKey };

export type Params = Record<string, string | number>;

/** The message in `lang`, with {name} placeholders replaced; unknown placeholders stay visible. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const template = dictionaries[lang][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Keys of a message that has a singular (".one") and a plural (".other") form. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never;
}[MessageKey];

/**
 * The form of `base` that agrees with `count` in `lang` ("1 lote", "2 lotes"; "1 batch", "0 batches"),
 * by the language's plural rules; `{count}` is `params.count` if given (e.g. formatted), else `count`.
 */
export function translatePlural(lang: Lang, base: PluralKey, count: number, params?: Params): string {
  const form = new Intl.PluralRules(lang).select(count) === "one" ? "one" : "other";
  return translate(lang, `${base}.${form}`, { count, ...params });
}

/** Placeholder names used by a template, sorted (the test compares them between languages). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "").sort();
}

export function isLang(value: unknown): value is Lang {
  return value === "es" || value === "en";
}
