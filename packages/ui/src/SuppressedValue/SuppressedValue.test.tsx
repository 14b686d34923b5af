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

describe("SuppressedValue states", () => {
  it("words no data, not assessed and not applicable apart from suppression", () => {
    const { container, rerender } = render(<SuppressedValue state="no_data" showReason lang="es" />);
    expect(container.textContent).toContain("sin datos para este período");
    expect(container.textContent).not.toContain("suprimido");
    rerender(<SuppressedValue state="not_assessed" showReason lang="en" detail={{ es: "Sin verificación NOM-217", en: "No NOM-217 check on record" }} />);
    expect(container.textContent).toContain("not assessed: No NOM-217 check on record");
    expect(container.querySelector(".rf-suppressed")?.getAttribute("data-state")).toBe("not_assessed");
    rerender(<SuppressedValue state="not_applicable" showReason lang="es" />);
    expect(container.textContent).toContain("no aplica");
    rerender(<SuppressedValue state="suppressed" reason="secondary" showReason lang="en" />);
    expect(container.textContent).toContain("suppressed to protect another cell");
  });
});
