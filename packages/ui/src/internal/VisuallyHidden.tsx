import type { ReactNode } from "react";

/** Text for screen readers only; the class lives in styles.css, inline styles keep it hidden without it. */
export const visuallyHiddenStyle = {
  position: "absolute",
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
  border: 0,
} as const;

export function VisuallyHidden({ children }: { children: ReactNode }) {
  return (
    <span className="rf-visually-hidden" style={visuallyHiddenStyle}>
      {children}
    </span>
  );
}
