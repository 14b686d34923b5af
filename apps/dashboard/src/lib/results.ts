import type { IndicatorResult } from "@refugio/schemas";
import type { Lang } from "../i18n/translate";
import { localizedMessage } from "./format";

/** The API's coverage notes are "es / en"; cards show the reader's half. */
export function localizeResult(result: IndicatorResult, lang: Lang): IndicatorResult {
  const note = result.coverage?.note;
  if (!result.coverage || !note) return result;
  return { ...result, coverage: { ...result.coverage, note: localizedMessage(note, lang) } };
}
