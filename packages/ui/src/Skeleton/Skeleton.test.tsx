import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Skeleton } from "./Skeleton";

describe("Skeleton", () => {
  it("is one named status for screen readers, its shapes hidden", () => {
    const { container } = render(<Skeleton shape="cards" count={3} lang="en" />);
    const status = screen.getByRole("status", { name: "Loading…" });
    expect(status.getAttribute("aria-busy")).toBe("true");
    expect(container.querySelectorAll(".rf-skeleton__card")).toHaveLength(3);
    expect(container.querySelector(".rf-skeleton__body")?.getAttribute("aria-hidden")).toBe("true");
  });

  it("keeps the height of the chart it stands for, and the rows of a table", () => {
    const { container, unmount } = render(<Skeleton shape="chart" height={240} />);
    expect(container.querySelector<HTMLElement>(".rf-skeleton__block")?.style.height).toBe("240px");
    expect(screen.getByRole("status", { name: "Cargando…" })).toBeTruthy();
    unmount();
    const table = render(<Skeleton shape="table" count={5} />);
    expect(table.container.querySelectorAll(".rf-skeleton__row")).toHaveLength(5);
  });
});
