// The compliance heat map's colour scale: one hue (ColorBrewer "Blues"), light to dark, so it
// reads for every kind of colour vision and in greyscale, and the figure is printed in every cell
// anyway. Bins are narrower at the top, where shelters actually differ (most meet most items).

export interface HeatBin {
  /** Lower bound of the share, inclusive. */
  from: number;
  /** Upper bound, exclusive (the last bin includes 1). */
  to: number;
  background: string;
  /** Text colour with at least 4.5:1 contrast on the background. */
  text: string;
}

export const heatBins: readonly HeatBin[] = [
  { from: 0, to: 0.5, background: "#eff3ff", text: "#1f2328" },
  { from: 0.5, to: 0.7, background: "#c6dbef", text: "#1f2328" },
  { from: 0.7, to: 0.85, background: "#6baed6", text: "#1f2328" },
  { from: 0.85, to: 0.95, background: "#2171b5", text: "#ffffff" },
  { from: 0.95, to: 1, background: "#084594", text: "#ffffff" },
];

/** Index of the bin holding a share (0..1); null when nothing applies. */
export function heatBin(share: number | null): number | null {
  if (share === null || !Number.isFinite(share)) return null;
  const clamped = Math.min(1, Math.max(0, share));
  const i = heatBins.findIndex((b) => clamped >= b.from && clamped < b.to);
  return i === -1 ? heatBins.length - 1 : i;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
