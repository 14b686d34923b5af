import type { Lang } from "../i18n";

export interface LanguageSwitchProps {
  lang: Lang;
  onChange: (lang: Lang) => void;
}

const options: { value: Lang; short: string; name: string }[] = [
  { value: "es", short: "ES", name: "Español" },
  { value: "en", short: "EN", name: "English" },
];

/** Two toggle buttons; each language's name is written in that language, as users look for it. */
export function LanguageSwitch({ lang, onChange }: LanguageSwitchProps) {
  return (
    <div role="group" aria-label={lang === "es" ? "Idioma" : "Language"} className="rf-lang">
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          lang={o.value}
          aria-label={o.name}
          aria-pressed={lang === o.value}
          onClick={() => {
            if (o.value !== lang) onChange(o.value);
          }}
        >
          {o.short}
        </button>
      ))}
    </div>
  );
}
