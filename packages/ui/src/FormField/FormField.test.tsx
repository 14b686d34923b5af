import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FormField } from "./FormField";

describe("FormField", () => {
  it("labels its control and ties the hint to it", () => {
    render(
      <FormField label="Año" hint="Entre 2015 y 2026">
        {(c) => <input {...c} />}
      </FormField>,
    );
    const input = screen.getByRole("textbox", { name: "Año" });
    expect(input.getAttribute("aria-describedby")).toBe(screen.getByText("Entre 2015 y 2026").id);
    expect(input.hasAttribute("aria-invalid")).toBe(false);
    expect(input.hasAttribute("required")).toBe(false);
  });

  it("marks a required field in words and an error as invalid, announced and described", () => {
    render(
      <FormField label="Evidence" required lang="en" hint="No names" error="Describe the evidence">
        {(c) => <textarea {...c} />}
      </FormField>,
    );
    const box = screen.getByRole("textbox", { name: "Evidence (required)" });
    expect(box.hasAttribute("required")).toBe(true);
    expect(box.getAttribute("aria-invalid")).toBe("true");
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toBe("Describe the evidence");
    expect(box.getAttribute("aria-describedby")?.split(" ")).toEqual([screen.getByText("No names").id, alert.id]);
  });
});
