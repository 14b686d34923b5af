import type { Lang } from "../i18n";

export interface LanguageSwitchProps {
  lang: Lang;
  onChange: (lang: Lang) => void;
}

const options: { value: Lang; name: string }[] = [
  { value: "es", name: "Español" },
  { value: "en", name: "English" },
];

/**
 * Two toggle buttons; each language's name is written in that language, as users look for it.
 * The visible text is the name itself (not "ES"/"EN" with a different aria-label), so what
 * speech-input users see is what they can say (WCAG 2.5.3, axe label-content-name-mismatch).
 */
export function LanguageSwitch({ lang, onChange }: LanguageSwitchProps) {
  return (
    <div role="group" aria-label={lang === "es" ? "Idioma" : "Language"} className="rf-lang">
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          lang={o.value}
          aria-pressed={lang === o.value}
          onClick={() => {
            if (o.value !== lang) onChange(o.value);
          }}
        >
          {o.name}
        </button>
      ))}
    </div>
  );
}
