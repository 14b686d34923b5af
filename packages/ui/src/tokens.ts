// Colour tokens, in one place: the charts read them here (SVG attributes), styles.css repeats
// them as CSS variables for the HTML (a test keeps the two equal). Better / worse are blue and
// orange (Okabe–Ito), never green against red: about one man in twelve cannot tell those
// apart, and a verdict must not depend on it. Shapes, icons and words carry it too.
export const palette = {
  /** Text and outlines of "better" (6:1 or more on white and on its background). */
  better: "#005a8c",
  betterBg: "#dbeefa",
  /** Chart marks of "better" (Okabe–Ito blue, 5:1 on white). */
  betterMark: "#0072b2",
  worse: "#a13c00",
  worseBg: "#fde7d9",
  /** Chart marks of "worse" (Okabe–Ito vermillion, 3.9:1 on white: enough for graphics). */
  worseMark: "#d55e00",
  similar: "#6e4a00",
  similarBg: "#fff8c5",
  neutral: "#57606a",
  neutralBg: "#eaeef2",
} as const;

/** The CSS variables styles.css defines from the palette (checked by tokens.test.ts). */
export const paletteCssVariables = {
  "--rf-better": palette.better,
  "--rf-better-bg": palette.betterBg,
  "--rf-worse": palette.worse,
  "--rf-worse-bg": palette.worseBg,
  "--rf-similar": palette.similar,
  "--rf-similar-bg": palette.similarBg,
  "--rf-neutral": palette.neutral,
  "--rf-neutral-bg": palette.neutralBg,
} as const;
