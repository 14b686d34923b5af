import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { chartColors } from "./internal/chartTheme";
import { palette, paletteCssVariables } from "./tokens";

const css = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "styles.css"), "utf8");

/** WCAG relative luminance and contrast ratio of two #rrggbb colours. */
function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

describe("colour tokens", () => {
  it("styles.css defines each variable with the palette's value", () => {
    for (const [name, value] of Object.entries(paletteCssVariables)) {
      expect(css, name).toMatch(new RegExp(`${name}:\\s*${value};`, "i"));
    }
  });

  it("charts draw better / worse in the palette's blue and orange, not green and red", () => {
    expect(chartColors.better).toBe(palette.betterMark);
    expect(chartColors.worse).toBe(palette.worseMark);
    for (const mark of [chartColors.better, chartColors.worse]) {
      const [r = 0, g = 0] = [1, 3].map((i) => Number.parseInt(mark.slice(i, i + 2), 16));
      // Blue (b > r) or orange (r > g): never a green-dominant or pure-red mark.
      expect(g > r && g > Number.parseInt(mark.slice(5, 7), 16), mark).toBe(false);
    }
  });

  it("keeps text contrast (4.5:1 on its background) and mark contrast (3:1 on white)", () => {
    for (const [fg, bg] of [
      [palette.better, palette.betterBg],
      [palette.worse, palette.worseBg],
      [palette.similar, palette.similarBg],
      [palette.neutral, palette.neutralBg],
    ] as const) {
      expect(contrast(fg, bg), `${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
    for (const mark of [palette.betterMark, palette.worseMark]) expect(contrast(mark, "#ffffff"), mark).toBeGreaterThanOrEqual(3);
  });

  it("tells better from worse for the common colour-vision deficiencies (deuteranopia, protanopia)", () => {
    // Brettel/Viénot-style simulation matrices on linear RGB; the two marks must stay apart.
    const simulate = (hex: string, m: number[][]) => {
      const rgb = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
      return m.map((row) => row.reduce((s, v, j) => s + v * (rgb[j] ?? 0), 0));
    };
    const deuteranopia = [
      [0.625, 0.375, 0],
      [0.7, 0.3, 0],
      [0, 0.3, 0.7],
    ];
    const protanopia = [
      [0.567, 0.433, 0],
      [0.558, 0.442, 0],
      [0, 0.242, 0.758],
    ];
    for (const m of [deuteranopia, protanopia]) {
      const a = simulate(palette.betterMark, m);
      const b = simulate(palette.worseMark, m);
      const distance = Math.hypot(...a.map((v, i) => v - (b[i] ?? 0)));
      // The old green #1a7f37 against red #b42318 scores 0.44 and 0.31 here; blue/orange 0.9 and 0.83.
      expect(distance).toBeGreaterThan(0.6);
    }
  });
});
