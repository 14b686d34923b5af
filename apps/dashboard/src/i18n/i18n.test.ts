import { describe, expect, it } from "vitest";
import { dictionaries, languages, placeholders, translate } from "./translate";

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
});
