// A recommendation's rolled-up status (recommendations.list `rollup`) with one line per level:
// "6 de 9 regiones cumplidas, 1 bloqueada (PE-ARE)", so a single finished region never reads as
// the whole recommendation done and blocked units are visible without opening the history.
import { useLang } from "../../i18n/LangContext";
import { asStatus } from "./status";

export interface RollupLevel {
  scope: "national" | "region" | "shelter";
  total: number;
  done: number;
  in_progress: number;
  blocked: number;
  not_started: number;
  blocked_codes: string[];
}

export function RollupSummary({ rollup }: { rollup: { status: string; levels: RollupLevel[] } }) {
  const { t, tn } = useLang();
  const status = asStatus(rollup.status);
  return (
    <div className="rollup">
      <span className="status" data-status={status}>
        {t(`reco.status.${status}`)}
      </span>
      {rollup.levels.length > 0 ? (
        <ul className="rollup__levels">
          {rollup.levels.map((l) => (
            <li key={l.scope} data-scope={l.scope}>
              {l.scope === "national"
                ? t("reco.rollupNational", { status: t(`reco.status.${l.done === 1 ? "done" : l.blocked === 1 ? "blocked" : l.in_progress === 1 ? "in_progress" : "not_started"}`) })
                : t(l.scope === "region" ? "reco.rollupRegions" : "reco.rollupShelters", { done: l.done, total: l.total })}
              {l.scope !== "national" && l.blocked > 0 ? `, ${tn("reco.rollupBlocked", l.blocked, { codes: l.blocked_codes.join(", ") })}` : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
