// @vitest-environment jsdom
import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type * as Catalogue from "../../lib/catalogue";
import { renderWithLang } from "../../test/render";
import { LinkedValues } from "./RecommendationsPage";

const total = {
  indicator: "completed_stays",
  group: {},
  numerator: 30,
  denominator: 50,
  value: 0.6,
  ci_low: 0.46,
  ci_high: 0.72,
  n: 50,
  suppressed: false,
  suppression_reason: null,
  comparison: null,
};
vi.mock("./useRecommendations", () => ({
  useLinkedIndicators: () => ({ data: [total], error: null, isPending: false, refetch: () => undefined }),
}));
vi.mock("../../session/SessionContext", () => ({ useSession: () => ({ k: 5 }) }));
vi.mock("../../lib/catalogue", async (importOriginal) => ({
  ...(await importOriginal<typeof Catalogue>()),
  useCatalogue: () => ({ data: [] }),
}));

describe("LinkedValues", () => {
  it("heads the linked values at h3 with h4 cards, so the outline under the page's h2 does not skip", () => {
    renderWithLang(<LinkedValues code="R1" />);
    const levels = screen.getAllByRole("heading").map((h) => Number(h.tagName.slice(1)));
    expect(levels[0]).toBe(3);
    expect(screen.getByRole("heading", { level: 3 }).textContent).toBe("Valores actuales de los indicadores vinculados");
    expect(levels.slice(1).every((l) => l === 4)).toBe(true);
    expect(levels.length).toBe(2);
  });
});
