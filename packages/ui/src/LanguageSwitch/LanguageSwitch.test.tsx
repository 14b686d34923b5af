import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { LanguageSwitch } from "./LanguageSwitch";

describe("LanguageSwitch", () => {
  it("marks the current language as pressed inside a named group", () => {
    render(<LanguageSwitch lang="es" onChange={() => undefined} />);
    screen.getByRole("group", { name: "Idioma" });
    expect(screen.getByRole("button", { name: "Español" }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("button", { name: "English" }).getAttribute("aria-pressed")).toBe("false");
  });

  it("reports the other language when clicked, and nothing when the current one is clicked", () => {
    const onChange = vi.fn();
    render(<LanguageSwitch lang="es" onChange={onChange} />);
    fireEvent.click(screen.getByRole("button", { name: "Español" }));
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "English" }));
    expect(onChange).toHaveBeenCalledWith("en");
  });
});
