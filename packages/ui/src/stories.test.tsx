// Every story of every component, rendered through Storybook's portable stories: a story that
// throws, logs a React error or loses its accessible name fails here, not only in the browser.
import { composeStories, setProjectAnnotations } from "@storybook/react-vite";
import { render, screen } from "@testing-library/react";
import type { ComponentType } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import preview from "../.storybook/preview";

setProjectAnnotations(preview);

type StoriesModule = Parameters<typeof composeStories>[0];
const modules = import.meta.glob<StoriesModule>("./**/*.stories.tsx", { eager: true });
const componentFolders = Object.keys(import.meta.glob("./*/*.tsx")).filter(
  (p) => !p.endsWith(".stories.tsx") && !p.endsWith(".test.tsx") && !p.startsWith("./internal/") && !p.startsWith("./fixtures/") && !p.startsWith("./test/"),
);

const namedRoles = ["figure", "article", "table", "progressbar", "group", "banner", "main", "img"] as const;

/** Text a screen reader would read: the DOM minus aria-hidden parts. */
function spokenText(root: HTMLElement): string {
  const clone = root.cloneNode(true) as HTMLElement;
  clone.querySelectorAll('[aria-hidden="true"]').forEach((el) => el.remove());
  return clone.textContent ?? "";
}

describe("stories", () => {
  it("covers every component folder with a stories file", () => {
    const withStories = new Set(Object.keys(modules).map((p) => p.split("/")[1]));
    const components = new Set(componentFolders.map((p) => p.split("/")[1]));
    expect(components.size).toBeGreaterThanOrEqual(10);
    expect([...components].filter((c) => !withStories.has(c))).toEqual([]);
  });

  let errors: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    errors = vi.spyOn(console, "error");
  });
  afterEach(() => {
    errors.mockRestore();
  });

  for (const [path, mod] of Object.entries(modules)) {
    // The glob erases each module's own types; every composed story is a React component.
    const stories = Object.entries(composeStories(mod) as Record<string, ComponentType>);
    const isChart = (mod.default.title ?? "").startsWith("Charts/");
    describe(path, () => {
      it("has stories", () => {
        expect(stories.length).toBeGreaterThan(0);
      });
      for (const [name, Story] of stories) {
        it(`${name} renders with an accessible name or summary`, () => {
          // Rendered as a component (args, decorators and preview applied); no play functions exist.
          const { container } = render(<Story />);
          expect(container.firstElementChild).not.toBeNull();

          const named = namedRoles.flatMap((role) => screen.queryAllByRole(role, { name: /\p{L}/u }));
          const spoken = spokenText(container);
          expect(named.length > 0 || /\p{L}/u.test(spoken)).toBe(true);

          // Charts must really draw (fixed sizes in the stories), as a labelled image plus a data table.
          if (isChart) {
            expect(container.querySelector("svg.recharts-surface")).not.toBeNull();
            expect(screen.getAllByRole("img", { name: /\d/ }).length).toBeGreaterThan(0);
            expect(screen.getAllByRole("table", { name: /\p{L}/u }).length).toBeGreaterThan(0);
          }
          expect(errors).not.toHaveBeenCalled();
        });
      }
    });
  }
});
