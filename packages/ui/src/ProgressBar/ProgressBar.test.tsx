import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ProgressBar } from "./ProgressBar";

describe("ProgressBar", () => {
  it("exposes value, range and a text value for a determinate bar", () => {
    render(<ProgressBar value={3} max={8} label="Validando" />);
    const bar = screen.getByRole("progressbar", { name: "Validando" });
    expect(bar.getAttribute("aria-valuenow")).toBe("3");
    expect(bar.getAttribute("aria-valuemax")).toBe("8");
    expect(bar.getAttribute("aria-valuetext")).toMatch(/38/);
  });

  it("clamps values outside the range", () => {
    render(<ProgressBar value={140} />);
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("100");
  });

  it("omits aria-valuenow when indeterminate and names itself in the chosen language", () => {
    render(<ProgressBar lang="en" />);
    const bar = screen.getByRole("progressbar", { name: "Loading…" });
    expect(bar.hasAttribute("aria-valuenow")).toBe(false);
    expect(bar.getAttribute("aria-busy")).toBe("true");
  });
});
