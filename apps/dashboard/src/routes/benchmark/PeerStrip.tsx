import { stripScale } from "./position";

/**
 * A small picture of the peers' values (grey ticks, the middle half shaded) and the shelter's own
 * (a purple diamond). Decorative: the same numbers are in the table cells beside it.
 */
export function PeerStrip({ points, own, p25, p75 }: { points: readonly number[]; own: number | null; p25: number; p75: number }) {
  const x = stripScale([...points, ...(own === null ? [] : [own])]);
  const w = 160;
  const pad = 6;
  const at = (v: number) => pad + x(v) * (w - 2 * pad);
  return (
    <svg width={w} height={24} viewBox={`0 0 ${w} 24`} aria-hidden="true" focusable="false" className="strip">
      <rect x={at(p25)} y={6} width={Math.max(1, at(p75) - at(p25))} height={12} fill="#e4d9f0" />
      {points.map((p, i) => (
        <line key={i} x1={at(p)} x2={at(p)} y1={7} y2={17} stroke="#57606a" strokeWidth={1} />
      ))}
      {own === null ? null : <path d={`M ${at(own)} 4 l 6 8 l -6 8 l -6 -8 z`} fill="#5b2a86" stroke="#fff" strokeWidth={1} />}
    </svg>
  );
}
