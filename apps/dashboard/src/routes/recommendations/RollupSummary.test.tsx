// @vitest-environment jsdom
import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LangSwitch, renderWithLang } from "../../test/render";
import { RollupSummary } from "./RollupSummary";

describe("RollupSummary", () => {
  it("says how many regions are done and names the blocked ones, in both languages", () => {
    renderWithLang(
      <>
        <LangSwitch />
        <RollupSummary
          rollup={{
            status: "blocked",
            levels: [
              { scope: "national", total: 1, done: 0, in_progress: 1, blocked: 0, not_started: 0, blocked_codes: [] },
              { scope: "region", total: 9, done: 6, in_progress: 2, blocked: 1, not_started: 0, blocked_codes: ["PE-ARE"] },
            ],
          }}
        />
      </>,
    );
    expect(screen.getByText("Bloqueada").getAttribute("data-status")).toBe("blocked");
    expect(screen.getByText("6 de 9 regiones cumplidas, 1 bloqueada (PE-ARE)")).toBeTruthy();
    expect(screen.getByText("Nacional: En curso")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "English" }));
    expect(screen.getByText("6 of 9 regions done, 1 blocked (PE-ARE)")).toBeTruthy();
  });
});
