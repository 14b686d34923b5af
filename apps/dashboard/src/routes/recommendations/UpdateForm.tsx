import { regionName } from "@refugio/schemas";
import { useId, useState, type FormEvent } from "react";
import { FormField } from "@refugio/ui";
import { errorMessage } from "../../components/QueryState";
import { SelectField } from "../../components/SelectField";
import { useLang } from "../../i18n/LangContext";
import type { RecommendationStatus } from "./status";
import { useAuroraPlaces, useUpdateRecommendation } from "./useRecommendations";

type Scope = "national" | "region" | "shelter";
const statuses: readonly RecommendationStatus[] = ["not_started", "in_progress", "done", "blocked"];

/** Append a status update (the API keeps every update: history is never rewritten). */
export function UpdateForm({ recommendations }: { recommendations: { code: string; title: { es: string; en: string } }[] }) {
  const { t, lang } = useLang();
  const [code, setCode] = useState(recommendations[0]?.code ?? "");
  const [scope, setScope] = useState<Scope>("national");
  const [scopeCode, setScopeCode] = useState("");
  const [status, setStatus] = useState<RecommendationStatus>("in_progress");
  const [evidence, setEvidence] = useState("");
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const places = useAuroraPlaces(true);
  const update = useUpdateRecommendation();
  const titleId = useId();
  // The date is checked here before sending (empty, or after today), and said under its field.
  const [dateProblem, setDateProblem] = useState<"reco.dateRequired" | "reco.dateFuture" | null>(null);
  const placeOptions = scope === "region" ? places.regions : scope === "shelter" ? places.shelters : [];
  const effectiveScopeCode = scope === "national" ? undefined : scopeCode || placeOptions[0];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = !date ? "reco.dateRequired" : date > new Date().toISOString().slice(0, 10) ? "reco.dateFuture" : null;
    setDateProblem(problem);
    if (problem) return;
    update.mutate(
      { code, scope, scopeCode: effectiveScopeCode, status, evidence: evidence.trim() || undefined, updatedOn: date },
      { onSuccess: () => setEvidence("") },
    );
  };

  return (
    <form className="form form--wide" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h3 id={titleId}>{t("reco.update")}</h3>
      <SelectField label={t("reco.recommendation")} value={code} onChange={setCode} options={recommendations.map((r) => ({ value: r.code, label: r.title[lang] }))} />
      <div className="filters">
        <SelectField
          label={t("reco.scope")}
          value={scope}
          onChange={(v) => {
            setScope(v === "region" || v === "shelter" ? v : "national");
            setScopeCode("");
          }}
          options={(["national", "region", "shelter"] as const).map((s) => ({ value: s, label: t(`reco.scope.${s}`) }))}
        />
        {scope !== "national" ? (
          <SelectField label={t(scope === "region" ? "dim.region" : "dim.shelter")} value={effectiveScopeCode ?? ""} onChange={setScopeCode} options={placeOptions.map((p) => ({ value: p, label: scope === "region" ? `${regionName(p)} (${p})` : p }))} />
        ) : null}
        <SelectField label={t("reco.status")} value={status} onChange={(v) => setStatus(statuses.find((s) => s === v) ?? "in_progress")} options={statuses.map((s) => ({ value: s, label: t(`reco.status.${s}`) }))} />
        <FormField label={t("reco.date")} required lang={lang} error={dateProblem ? t(dateProblem) : undefined}>
          {(control) => <input {...control} type="date" value={date} max={new Date().toISOString().slice(0, 10)} onChange={(e) => setDate(e.target.value)} />}
        </FormField>
      </div>
      <FormField label={t("reco.evidence")} hint={t("reco.evidenceHint")} lang={lang}>
        {(control) => <textarea {...control} maxLength={2000} value={evidence} onChange={(e) => setEvidence(e.target.value)} />}
      </FormField>
      <div aria-live="polite">
        {update.isSuccess ? <p className="notice notice--ok">{t("reco.saved")}</p> : null}
        {update.error ? <p role="alert" className="notice notice--error">{errorMessage(update.error, lang)}</p> : null}
      </div>
      <div className="buttons">
        <button type="submit" className="button button--primary" disabled={update.isPending || !code}>
          {t("reco.save")}
        </button>
      </div>
    </form>
  );
}
