import { tableByName, type TableName } from "@refugio/schemas";
import { dictionaryFile, templateFiles } from "virtual:refugio-templates";
import { useLang } from "../../i18n/LangContext";

const isTableName = (name: string): name is TableName => Object.hasOwn(tableByName, name);

/** Links to the contract's blank templates and the data dictionary, served under /templates/. */
export function TemplateLinks() {
  const { t, lang } = useLang();
  const label = (file: string): string => {
    const base = file.replace(/\.\w+$/, "");
    if (file.endsWith(".xlsx")) return `${t("upload.workbook")} (${file})`;
    if (isTableName(base)) return `${tableByName[base].label[lang]} (${file})`;
    return file;
  };
  return (
    <section aria-labelledby="upload-help" className="upload-help">
      <h3 id="upload-help">{t("upload.help")}</h3>
      {dictionaryFile ? (
        <p>
          <a href={`/templates/${dictionaryFile}`} data-testid="dictionary-link">
            {t("upload.dictionary")}
          </a>
        </p>
      ) : null}
      <p>{t("upload.templates")}</p>
      <ul className="upload-help__templates">
        {templateFiles.map((file) => (
          <li key={file}>
            <a href={`/templates/${file}`} download>
              {label(file)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
