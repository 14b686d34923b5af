import { describe, expect, it } from "vitest";
import { dictionaries, languages, placeholders, translate, translatePlural } from "./translate";

describe("i18n dictionary", () => {
  const esKeys = Object.keys(dictionaries.es).sort();

  it("has every key in both languages, none empty", () => {
    for (const lang of languages) {
      expect(Object.keys(dictionaries[lang]).sort()).toEqual(esKeys);
      for (const [key, text] of Object.entries(dictionaries[lang])) {
        expect(text.trim(), `${lang}:${key}`).not.toBe("");
      }
    }
  });

  it("uses the same placeholders in both languages", () => {
    for (const key of esKeys) {
      const k = key as keyof typeof dictionaries.es;
      expect(placeholders(dictionaries.en[k]), key).toEqual(placeholders(dictionaries.es[k]));
    }
  });

  it("translates most keys differently (no copy-pasted Spanish)", () => {
    const same = esKeys.filter((key) => {
      const k = key as keyof typeof dictionaries.es;
      return dictionaries.es[k] === dictionaries.en[k];
    });
    // Brand names, symbols and templates like "n = {n}" legitimately match.
    expect(same.length).toBeLessThan(esKeys.length * 0.05);
  });

  it("interpolates parameters and leaves unknown ones visible", () => {
    expect(translate("es", "value.n", { n: 12 })).toBe("n = 12");
    expect(translate("en", "upload.remove", { name: "a.csv" })).toBe("Remove a.csv");
    expect(translate("en", "upload.remove")).toBe("Remove {name}");
    expect(translate("en", "upload.remove", { other: 1 })).toBe("Remove {name}");
  });

  it("chooses singular or plural by the language's rules, and has both forms of every plural", () => {
    expect(translatePlural("es", "upload.problems", 1)).toBe("Se encontró 1 problema. No se cargó nada.");
    expect(translatePlural("es", "upload.problems", 0)).toBe("Se encontraron 0 problemas. No se cargó nada.");
    expect(translatePlural("es", "upload.problems", 1200, { count: "1200" })).toBe("Se encontraron 1200 problemas. No se cargó nada.");
    expect(translatePlural("en", "upload.ok", 1)).toBe("No problems: 1 batch.");
    expect(translatePlural("en", "upload.ok", 3)).toBe("No problems: 3 batches.");
    for (const lang of languages) {
      for (const key of Object.keys(dictionaries[lang])) {
        if (key.endsWith(".one")) expect(Object.keys(dictionaries[lang]), key).toContain(key.replace(/\.one$/, ".other"));
      }
      // No "(s)" shortcuts: plurals go through translatePlural.
      for (const [key, text] of Object.entries(dictionaries[lang])) expect(text, `${lang}:${key}`).not.toMatch(/\(s\)|\(es\)/);
    }
  });
});
