// Case mix in the demo: the risk level at admission changes the chance of completing the stay,
// and two Bogotá Casas Refugio admit far more women at extreme risk than the others. Their crude
// share of completed stays is therefore lower ("worse" than the network), while their practice
// is average: adjusted for case mix (compare.units with adjust: true) they are "similar". The
// model is multiplicative in risk, which is what indirect standardisation assumes.
import type { CodeOf } from "@refugio/schemas";
import type { NetworkCode, ShelterSpec } from "./networks";
import { clamp, type Rng } from "./random";

type Risk = CodeOf<"risk_level">;
export type RiskMix = Readonly<Record<Risk, number>>;

/** Relative chance of completing the stay by risk level (moderate completes most often). */
const COMPLETION_BY_RISK: RiskMix = { moderate: 1.3, severe: 1, extreme: 0.6 };
/** Intake of the shelters that take the women at extreme risk the others cannot. */
const EXTREME_INTAKE: RiskMix = { moderate: 0.04, severe: 0.24, extreme: 0.72 };

export interface CaseMixProfile {
  exit: number;
  /** Admits mostly women at extreme risk (two Casas Refugio of Bogotá). */
  extremeIntake?: boolean;
}

const weightOf = (mix: RiskMix) => mix.moderate * COMPLETION_BY_RISK.moderate + mix.severe * COMPLETION_BY_RISK.severe + mix.extreme * COMPLETION_BY_RISK.extreme;

/**
 * Marks the two Bogotá shelters whose completion practice is closest to the network's average,
 * and sets it to exactly that average, so only their intake differs from the others'.
 */
export function markExtremeIntake(network: NetworkCode, specs: readonly ShelterSpec[], profiles: CaseMixProfile[]): void {
  if (network !== "co-bogota") return;
  const eligible = profiles.map((p, i) => ({ p, i })).filter(({ i }) => !specs[i]?.tiny);
  const mean = eligible.reduce((a, { p }) => a + p.exit, 0) / Math.max(1, eligible.length);
  const chosen = [...eligible].sort((a, b) => Math.abs(a.p.exit - mean) - Math.abs(b.p.exit - mean) || a.i - b.i).slice(0, 2);
  for (const { p } of chosen) {
    p.extremeIntake = true;
    p.exit = mean;
  }
}

export function intakeMix(network: RiskMix, p: CaseMixProfile): RiskMix {
  return p.extremeIntake ? EXTREME_INTAKE : network;
}

/**
 * Chance that a stay ends with the plan completed: the network's base and the shelter's
 * practice, scaled by how its intake's risk mix completes relative to the network's mix.
 */
export function completionChance(base: number, network: RiskMix, p: CaseMixProfile): number {
  const practice = clamp(base + 0.2 * p.exit, 0.22, 0.9);
  return clamp((practice * weightOf(intakeMix(network, p))) / weightOf(network), 0.1, 0.9);
}

/**
 * Risk level of a stay given how it ended (one draw from `rng`): by Bayes, the intake mix
 * weighted by the chance of that ending at each risk level, P(completed | risk) =
 * chance × COMPLETION_BY_RISK[risk] / the mix's average. Open stays draw from the intake mix.
 */
export function drawRisk(rng: Rng, network: RiskMix, p: CaseMixProfile, chance: number, completed: boolean | null): Risk {
  const mix = intakeMix(network, p);
  if (completed === null) return rng.weighted(mix);
  const w = weightOf(mix);
  const weights = {} as Record<Risk, number>;
  for (const r of Object.keys(mix) as Risk[]) {
    const pc = clamp((chance * COMPLETION_BY_RISK[r]) / w, 0, 1);
    weights[r] = mix[r] * (completed ? pc : 1 - pc);
  }
  return rng.weighted(weights);
}
