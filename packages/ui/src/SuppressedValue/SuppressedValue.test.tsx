import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { SuppressedValue } from "./SuppressedValue";

describe("SuppressedValue", () => {
  it("shows a dash hidden from screen readers and explains the primary reason with k", () => {
    const { container } = render(<SuppressedValue k={11} />);
    expect(container.querySelector('[aria-hidden="true"]')?.textContent).toBe("—");
    expect(screen.getByText("suprimido: menos de 11 casos")).toBeTruthy();
    expect(container.querySelector(".rf-suppressed")?.getAttribute("title")).toBe("suprimido: menos de 11 casos");
  });

  it("explains secondary suppression in both languages", () => {
    const { rerender } = render(<SuppressedValue reason="secondary" />);
    expect(screen.getByText("suprimido para proteger otra celda")).toBeTruthy();
    rerender(<SuppressedValue reason="secondary" lang="en" />);
    expect(screen.getByText("suppressed to protect another cell")).toBeTruthy();
  });

  it("can show the reason as visible text", () => {
    const { container } = render(<SuppressedValue showReason lang="en" />);
    expect(container.querySelector(".rf-suppressed__reason")?.textContent).toBe("(suppressed: fewer than 5 cases)");
    expect(container.querySelector(".rf-visually-hidden")).toBeNull();
  });
});
