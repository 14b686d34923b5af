// @vitest-environment jsdom
import { screen } from "@testing-library/react";
import type { IngestReport } from "@refugio/schemas";
import { describe, expect, it } from "vitest";
import { renderWithLang } from "../../test/render";
import { Report } from "./Report";

const problem = {
  file: "stays.csv",
  line: 3,
  column: "admission_date",
  value: "2023-02-30",
  reason: { es: "fecha imposible", en: "impossible date" },
  severity: "error" as const,
};
const batch = { batch_id: "b1", shelter_code: "hrt-01", content_hash: "x", status: "valid" as const, replaced_stays: 0 };

function report(partial: Partial<IngestReport>): IngestReport {
  return { ok: true, dry_run: true, batches: [batch], tables: {}, problems: [], problem_count: 0, ...partial };
}

describe("Report", () => {
  it("agrees the summary with the count, in Spanish and English", () => {
    const one = report({ ok: false, problems: [problem], problem_count: 1 });
    const two = report({ ok: false, problems: [problem, { ...problem, line: 4 }], problem_count: 2 });
    const cases: [IngestReport, "es" | "en", string][] = [
      [one, "es", "Se encontró 1 problema. No se cargó nada."],
      [two, "es", "Se encontraron 2 problemas. No se cargó nada."],
      [one, "en", "1 problem found. Nothing was loaded."],
      [two, "en", "2 problems found. Nothing was loaded."],
      [report({}), "es", "Sin problemas: 1 lote."],
      [report({ batches: [batch, { ...batch, batch_id: "b2" }] }), "es", "Sin problemas: 2 lotes."],
      [report({ dry_run: false }), "en", "Data loaded: 1 batch."],
      [report({ dry_run: false, batches: [batch, batch] }), "en", "Data loaded: 2 batches."],
    ];
    for (const [r, lang, text] of cases) {
      const { unmount } = renderWithLang(<Report report={r} />, lang);
      expect(screen.getByRole("status").textContent).toBe(text);
      unmount();
    }
  });

  it("names the tables with the contract's labels in the reader's language", () => {
    const counts = { read: 12, inserted: 12, replaced: 0 };
    const r = report({ tables: { stays: counts, children: counts, something_new: counts } });
    const { unmount } = renderWithLang(<Report report={r} />, "es");
    const headers = screen.getAllByRole("rowheader").map((th) => th.textContent ?? "");
    expect(headers).toContain("Estanciasstays");
    expect(headers).toContain("Hijas e hijoschildren");
    expect(headers).toContain("something_new");
    unmount();
    renderWithLang(<Report report={r} />, "en");
    expect(screen.getAllByRole("rowheader").map((th) => th.textContent)).toContain("Staysstays");
  });

  it("groups the problems by column × reason, one sentence each with the line ranges", () => {
    const allowed = { es: "valor no permitido", en: "value not allowed" };
    const many = Array.from({ length: 799 }, (_, i) => ({ ...problem, line: i + 2, column: "age_band", value: "treinta", reason: allowed }));
    const r = report({ ok: false, problems: [...many, problem], problem_count: 800 });
    renderWithLang(<Report report={r} />, "es");
    const table = screen.getByTestId("problems");
    const rows = [...table.querySelectorAll("tbody tr")];
    expect(rows).toHaveLength(2);
    expect(rows[0]?.querySelector("th")?.textContent).toBe("age_band: 799 filas con «treinta» (líneas 2–800)");
    expect(rows[1]?.querySelector("th")?.textContent).toBe("admission_date: 1 fila con «2023-02-30» (línea 3)");
    screen.getByRole("button", { name: "Descargar la lista completa (800 problemas, CSV)" });
  });
});
