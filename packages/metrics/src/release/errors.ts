// A figure that may not be released as asked (a period external readers may not use): the
// caller's request to change, worded in both languages. It is a query error, so the API answers
// BAD_REQUEST and the CLI exits 2, as for any other query the caller must fix.
import { IndicatorQueryError } from "../catalogue/compile";

export class ReleaseError extends IndicatorQueryError {
  constructor(es: string, en: string) {
    super(es, en);
    this.name = "ReleaseError";
  }
}
