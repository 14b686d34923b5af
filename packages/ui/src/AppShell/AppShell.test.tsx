import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AppShell, Layout } from "./AppShell";

describe("AppShell", () => {
  it("puts a skip link first that targets a focusable main", () => {
    const { container } = render(
      <AppShell title="Refugio" nav={<a href="#x">Resumen</a>}>
        <p>contenido</p>
      </AppShell>,
    );
    const first = container.querySelector("a");
    expect(first?.textContent).toBe("Saltar al contenido");
    const main = screen.getByRole("main");
    expect(first?.getAttribute("href")).toBe(`#${main.id}`);
    expect(main.getAttribute("tabindex")).toBe("-1");
    screen.getByRole("banner");
    screen.getByRole("navigation", { name: "Navegación principal" });
    screen.getByRole("heading", { level: 1, name: "Refugio" });
  });

  it("speaks English and leaves out an empty nav", () => {
    render(
      <Layout title="Refugio" lang="en" mainId="content">
        <p>content</p>
      </Layout>,
    );
    expect(screen.getByRole("link", { name: "Skip to content" }).getAttribute("href")).toBe("#content");
    expect(screen.queryByRole("navigation")).toBeNull();
  });
});
