// The demo network as rows of contract v1.1 tables, deterministic for (seed, scale, today).
//
// The model, briefly: every shelter has a quality profile (overall and per area: completing
// stays, follow-up, psychological work, schooling). Stays are drawn first as "drafts" (family
// size, exit reason, length of stay), then placed in time by an intake rate with seasonality and
// the 2020 lockdown dip, delaying an admission a little when the shelter is full. Women who come
// back get the person_key of an earlier stay. Shelters that keep a referral log turn women away
// when full (./referrals.ts). Details (children, Rosenberg items from a latent
// self-esteem level, follow-ups, satisfaction surveys) are drawn per stay from the profile.
// The Aurora figures (4,992 women, 5,481 children, 631 companions) are met exactly.
import { DEMO_DUE_DAYS, plantQualityProblems } from "./submissions";
import type { BatchTableName, CodeOf } from "@refugio/schemas";
import { checkSchedule, complianceRows, itemEase } from "./compliance";
import { coordinatorSurvey2022 } from "./coordinator-survey";
import type { Row } from "./csv";
import { dayOf, isoOf, todayIso, yearOf, yearStart } from "./dates";
import {
  AURORA_TARGETS,
  defaultMinorityShare,
  minorityLanguageShare,
  networks,
  shelterSpecs,
  type NetworkCode,
  type NetworkSpec,
  type ShelterSpec,
} from "./networks";
import { completionChance, drawRisk, markExtremeIntake } from "./case-mix";
import { apportion, clamp, Rng } from "./random";
import { auroraRecommendationUpdates } from "./recommendations";
import { REFERRAL_LOG_NETWORKS, turnAways } from "./referrals";
import { rosenbergItems } from "./rosenberg";

export interface DemoOptions {
  seed: number;
  scale: number;
  /** "Today" (ISO date): the end of the data. Defaults to the current UTC date. */
  today?: string;
}

export const DEMO_START = "2019-01-01";

type ExitReason = CodeOf<"exit_reason">;

export interface Profile {
  /** Overall quality, about -1 (struggling) … 1 (strong). */
  q: number;
  exit: number;
  follow: number;
  psych: number;
  school: number;
  /** Target share of capacity in use. */
  util: number;
  /** Has an agreement with a technical-productive education centre (certified workshops). */
  workshops: boolean;
  exclusiveCoordinator: boolean;
  /** Admits mostly women at extreme risk (./case-mix.ts). */
  extremeIntake?: boolean;
}

interface Draft {
  shelter: number;
  children: number;
  companions: number;
  reason: ExitReason;
  los: number;
  ext: boolean;
  admission: number;
  /** null while still in residence at `today`. */
  exit: number | null;
  donor: Draft | null;
  isDonor: boolean;
  stay: Row | null;
}

export interface ShelterData {
  spec: ShelterSpec;
  network: NetworkSpec;
  profile: Profile;
  registry: Row;
  periodStart: string;
  tables: Record<BatchTableName, Row[]>;
}

export interface DemoData {
  today: string;
  seed: number;
  scale: number;
  shelters: ShelterData[];
  recommendations: Row[];
}

// ---------------------------------------------------------------------------------------------
// Profiles

function drawProfiles(seed: number, specs: readonly ShelterSpec[], network: NetworkCode): Profile[] {
  const rng = new Rng(seed, `profile/${network}`);
  const base = specs.map(() => clamp(rng.normal(0, 0.45), -0.9, 0.9));
  // One clearly strong and one clearly struggling shelter per network (never the tiny one).
  const eligible = specs.map((s, i) => (s.tiny ? -1 : i)).filter((i) => i >= 0);
  rng.shuffle(eligible);
  const [star, weak, odd] = eligible;
  if (star !== undefined) base[star] = 1;
  if (weak !== undefined) base[weak] = -1;
  const area = (q: number) => clamp(0.7 * q + rng.normal(0, 0.4), -1.5, 1.5);
  const profiles = base.map((q, i) => ({
    q,
    exit: area(q),
    follow: area(q),
    psych: area(q),
    school: area(q),
    util: specs[i]?.tiny ? 0.15 : rng.uniform(0.6, 0.88),
    workshops: false,
    exclusiveCoordinator: false,
  }));
  // A shelter that is fine overall but loses touch with women after exit.
  const oddOne = odd !== undefined ? profiles[odd] : undefined;
  if (oddOne) oddOne.follow = -1.4;

  const pickTop = (k: number, w: (p: Profile) => number) =>
    new Set(
      profiles
        .map((p, i) => ({ i, key: Math.log(Math.max(rng.next(), 1e-12)) / w(p) }))
        .sort((a, b) => b.key - a.key)
        .slice(0, k)
        .map((x) => x.i),
    );
  if (network === "pe-aurora") {
    // Recommendation 4: an exclusive coordinator is still the exception (7 of 22).
    const coord = pickTop(7, (p) => Math.exp(p.q));
    const shop = pickTop(9, (p) => Math.exp(0.8 * p.q));
    profiles.forEach((p, i) => {
      p.exclusiveCoordinator = coord.has(i);
      p.workshops = shop.has(i);
    });
  } else {
    profiles.forEach((p) => {
      p.exclusiveCoordinator = network === "co-bogota" || rng.chance(0.7);
      p.workshops = network === "co-bogota" || rng.chance(0.6);
    });
  }
  return profiles;
}

// ---------------------------------------------------------------------------------------------
// Drafts: family size, exit reason, length of stay

const CHILDREN_DIST: Record<NetworkCode, readonly number[]> = {
  "pe-aurora": [0.34, 0.35, 0.19, 0.09, 0.03],
  "co-bogota": [0.25, 0.33, 0.24, 0.12, 0.06],
  "mx-refugios": [0.2, 0.3, 0.26, 0.15, 0.09],
};
const COMPANION_RATE: Record<NetworkCode, number> = { "pe-aurora": 0.11, "co-bogota": 0.05, "mx-refugios": 0.03 };
const COMPLETED_BASE: Record<NetworkCode, number> = { "pe-aurora": 0.56, "co-bogota": 0.6, "mx-refugios": 0.55 };

function drawCount(rng: Rng, dist: readonly number[]): number {
  let r = rng.next();
  for (let k = 0; k < dist.length; k++) {
    r -= dist[k] ?? 0;
    if (r < 0) return k;
  }
  return dist.length; // rare large family
}

const roundClamp = (x: number, lo: number, hi: number) => clamp(Math.round(x), lo, hi);

function drawLos(rng: Rng, net: NetworkSpec, reason: ExitReason): { los: number; ext: boolean } {
  const limit = net.limitDays ?? 180;
  const ext = net.extensionDays;
  if (reason === "plan_completed") {
    if (net.model === "hrt") {
      const los = roundClamp(rng.lognormal(95, 0.42), 21, 420);
      return { los, ext: los > limit && rng.chance(0.85) };
    }
    // Every stay past the limit carries its extension (a stay past it without one is a finding
    // of the Data quality page, which the demo keeps for its planted problems); a few outlast
    // even the extension, which the stays-over-limit indicator counts.
    const r = rng.next();
    if (r < 0.235) return { los: rng.int(limit + 1, limit + ext), ext: true };
    if (r < 0.26) return { los: rng.int(limit + ext + 1, limit + ext + 25), ext: true };
    const typical = net.model === "casa_refugio" ? 98 : 76;
    return { los: roundClamp(rng.normal(typical, 15), 30, limit), ext: false };
  }
  const medians: Record<Exclude<ExitReason, "plan_completed">, number> = {
    voluntary_early: 18,
    transferred: 36,
    rule_breach_transfer: 30,
    other: 40,
  };
  const scale = net.model === "hrt" ? 1.2 : net.model === "refugio" ? 0.85 : 1;
  const los = roundClamp(rng.lognormal(medians[reason] * scale, reason === "voluntary_early" ? 0.9 : 0.65), 1, limit + ext);
  return { los, ext: los > limit };
}

function drawDraft(rng: Rng, shelter: number, net: NetworkSpec, p: Profile): Draft {
  const pCompleted = completionChance(COMPLETED_BASE[net.code], RISK[net.code], p);
  const reason: ExitReason = rng.chance(pCompleted)
    ? "plan_completed"
    : rng.weighted({ voluntary_early: 0.58 - 0.05 * p.q, transferred: 0.2, rule_breach_transfer: 0.12 - 0.03 * p.q, other: 0.1 });
  const { los, ext } = drawLos(rng, net, reason);
  const companions = rng.chance(COMPANION_RATE[net.code]) ? (rng.chance(0.08) ? 2 : 1) : 0;
  return {
    shelter,
    children: drawCount(rng, CHILDREN_DIST[net.code]),
    companions,
    reason,
    los,
    ext,
    admission: 0,
    exit: null,
    donor: null,
    isDonor: false,
    stay: null,
  };
}

/** Nudge counts up or down, one at a time at random stays, until they sum to `target`. */
function fixTotal(drafts: Draft[], key: "children" | "companions", target: number, max: number, rng: Rng): void {
  let sum = drafts.reduce((s, d) => s + d[key], 0);
  if (drafts.length === 0) return;
  if (target > drafts.length * max) throw new Error(`demo: cannot place ${target} ${key} in ${drafts.length} stays`);
  while (sum !== target) {
    const d = rng.pick(drafts);
    if (sum < target && d[key] < max && (key === "children" || d[key] === 0 || rng.chance(0.1))) {
      d[key]++;
      sum++;
    } else if (sum > target && d[key] > 0) {
      d[key]--;
      sum--;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Placement in time

/** Relative intake on a day: seasonality, the 2020 lockdown dip, a slow upward trend. */
const LOCKDOWN = dayOf("2020-03-16");
const REOPENING = dayOf("2020-07-01");
const YEAR_2021 = dayOf("2021-01-01");
function intake(day: number): number {
  const y = yearOf(day);
  const doy = day - yearStart(y);
  let f = 1 + 0.12 * Math.sin((2 * Math.PI * (doy - 60)) / 365);
  if (day >= LOCKDOWN && day < REOPENING) f *= 0.5;
  else if (day >= REOPENING && day < YEAR_2021) f *= 0.85;
  return f * (1 + 0.04 * (y - 2019));
}

/** Units a stay occupies: places hold every person, rooms hold one family. */
const units = (d: Draft, rooms: boolean) => (rooms ? 1 : 1 + d.children + d.companions);

/** The longest a woman waits for a place in the demo (days) before she is let in anyway. */
const MAX_WAIT_DAYS = 60;

/** Places the drafts in time; returns the units in use on each day from `start` (./referrals.ts reads it). */
function place(drafts: Draft[], start: number, today: number, capacity: number, rooms: boolean, rng: Rng): Int32Array {
  const days = today - start + 1;
  const cum = new Float64Array(days);
  let acc = 0;
  for (let i = 0; i < days; i++) cum[i] = acc += intake(start + i);
  const targets = drafts.map(() => rng.next() * acc).sort((a, b) => a - b);
  const order = rng.shuffle(drafts.map((_, i) => i));
  const load = new Int32Array(days + 1);
  targets.forEach((t, k) => {
    let lo = 0;
    let hi = days - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cum[mid] ?? 0) < t) lo = mid + 1;
      else hi = mid;
    }
    const d = drafts[order[k] ?? 0];
    if (!d) return;
    const u = units(d, rooms);
    // When full, the woman waits in an emergency centre until a place frees up for her whole
    // stay. Past the longest wait she is let in on the day that overfills the shelter least:
    // a registered capacity is a ceiling, so the demo keeps its months within it (the Data
    // quality page's over-capacity rule fires on the demo's planted month only).
    let a = lo;
    const overflow = (s: number) => {
      const end = Math.min(days, s + d.los);
      let worst = 0;
      for (let x = s; x < end; x++) worst = Math.max(worst, (load[x] ?? 0) + u - capacity);
      return worst;
    };
    while (a < days - 1 && a - lo < MAX_WAIT_DAYS && overflow(a) > 0) a++;
    if (overflow(a) > 0) {
      let best = lo;
      for (let s = lo, least = Infinity; s <= a; s++) {
        const o = overflow(s);
        if (o < least) [least, best] = [o, s];
      }
      a = best;
    }
    const end = Math.min(days, a + d.los);
    for (let x = a; x < end; x++) load[x] = (load[x] ?? 0) + u;
    d.admission = start + a;
    d.exit = d.admission + d.los <= today ? d.admission + d.los : null;
  });
  return load;
}

/** The highest 30-day average of a daily load. */
function busiestMonth(load: Int32Array): number {
  let sum = 0;
  let best = 0;
  for (let i = 0; i < load.length; i++) {
    sum += load[i] ?? 0;
    if (i >= 30) sum -= load[i - 30] ?? 0;
    if (i >= 29) best = Math.max(best, sum / 30);
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Returning women

/**
 * Make exactly `count` stays the second stay of a woman seen before (exit at least 30 days
 * earlier; usually the same shelter). A woman has at most two stays; women who left early come
 * back more often.
 */
function assignRepeats(drafts: Draft[], count: number, rng: Rng): void {
  if (count === 0) return;
  const exited = drafts.filter((d) => d.exit !== null);
  const candidates = rng.shuffle(drafts.filter((d) => d.admission >= dayOf(DEMO_START) + 120));
  let made = 0;
  for (const c of candidates) {
    if (made === count) break;
    if (c.isDonor || c.donor) continue;
    const ok = (d: Draft) => d !== c && !d.isDonor && !d.donor && d.exit !== null && d.exit + 30 <= c.admission;
    const same = rng.chance(0.8);
    let pool = exited.filter((d) => ok(d) && (!same || d.shelter === c.shelter));
    if (pool.length === 0) pool = exited.filter(ok);
    if (pool.length === 0) continue;
    const weights = pool.map((d) => (d.reason === "voluntary_early" ? 3 : 1));
    let r = rng.next() * weights.reduce((s, w) => s + w, 0);
    let donor = pool[pool.length - 1] as Draft;
    for (let i = 0; i < pool.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) {
        donor = pool[i] as Draft;
        break;
      }
    }
    c.donor = donor;
    donor.isDonor = true;
    made++;
  }
  if (made !== count) throw new Error(`demo: only ${made} of ${count} returning women could be placed`);
}

// ---------------------------------------------------------------------------------------------
// Per-stay details

const REFERRAL: Record<NetworkCode, Partial<Record<CodeOf<"referral_source">, number>>> = {
  "pe-aurora": { cem_or_external_centre: 0.55, fiscalia_ministerio_publico: 0.25, juzgado: 0.07, health_service: 0.05, self: 0.03, other: 0.05 },
  "co-bogota": { comisaria_familia: 0.66, juzgado: 0.31, other: 0.03 },
  "mx-refugios": { fiscalia_ministerio_publico: 0.34, cem_or_external_centre: 0.27, health_service: 0.1, self: 0.14, other: 0.15 },
};
const RISK: Record<NetworkCode, Record<CodeOf<"risk_level">, number>> = {
  "pe-aurora": { moderate: 0.15, severe: 0.5, extreme: 0.35 },
  "co-bogota": { moderate: 0.12, severe: 0.55, extreme: 0.33 },
  "mx-refugios": { moderate: 0.08, severe: 0.42, extreme: 0.5 },
};
const WOMAN_AGE: Record<CodeOf<"woman_age_band">, number> = { "<18": 0.02, "18-24": 0.22, "25-34": 0.4, "35-44": 0.24, "45-59": 0.1, "60+": 0.02 };
const CHILD_AGE: Record<CodeOf<"child_age_band">, number> = { "0-2": 0.21, "3-5": 0.22, "6-11": 0.33, "12-14": 0.14, "15-17": 0.1 };
const ENROLLED: Record<CodeOf<"child_age_band">, number> = { "0-2": 0, "3-5": 0.45, "6-11": 0.9, "12-14": 0.85, "15-17": 0.7 };
// Peru: no in-person school during the stay, for safety (seed 001). Bogotá: "aula refugio" and a
// flexible model (seed 000). Mexico: a mix.
const SCHOOLING: Record<NetworkCode, Partial<Record<CodeOf<"schooling_during_stay">, number>>> = {
  "pe-aurora": { remote: 0.5, flexible_model: 0.38, none: 0.12 },
  "co-bogota": { shelter_classroom: 0.8, flexible_model: 0.14, none: 0.06 },
  "mx-refugios": { shelter_classroom: 0.45, remote: 0.25, flexible_model: 0.18, none: 0.12 },
};
const CONTACT_MODE: Record<NetworkCode, Record<CodeOf<"contact_mode">, number>> = {
  "pe-aurora": { phone: 0.5, visit: 0.2, external_centre: 0.25, interview: 0.05 },
  "co-bogota": { phone: 0.6, visit: 0.25, interview: 0.15, external_centre: 0 },
  "mx-refugios": { phone: 0.55, visit: 0.25, interview: 0.1, external_centre: 0.1 },
};

interface KeySpace {
  used: Set<string>;
  rng: Rng;
}
function freshKey(keys: KeySpace, chars: number): string {
  for (;;) {
    const k = keys.rng.hex(chars);
    if (!keys.used.has(k)) {
      keys.used.add(k);
      return k;
    }
  }
}

function stayDetails(
  d: Draft,
  sd: ShelterData,
  rng: Rng,
  keys: KeySpace,
  today: number,
): void {
  const net = sd.network;
  const p = sd.profile;
  const code = sd.spec.code;
  const exited = d.exit !== null;
  const completed = exited && d.reason === "plan_completed";
  const region = sd.spec.region;
  const limit = net.limitDays ?? 180;

  const referral = rng.weighted(REFERRAL[net.code] as Record<string, number>);
  const protection =
    net.code === "co-bogota"
      ? rng.chance(0.985) // admission is through a protection order (seed 000)
      : rng.chance(referral === "juzgado" || referral === "fiscalia_ministerio_publico" ? 0.85 : net.code === "pe-aurora" ? 0.5 : 0.35);
  const workshopBase = p.workshops ? (net.code === "pe-aurora" ? 0.5 : 0.38) : 0.1;
  const workshop = exited ? rng.chance(clamp(workshopBase * (completed ? 1 : 0.35) * (d.los >= 45 ? 1 : 0.4), 0, 0.95)) : null;
  const employment = exited ? rng.chance(clamp(0.1 + (completed ? 0.16 : 0) + (workshop ? 0.12 : 0) + 0.05 * p.q, 0.02, 0.7)) : null;
  const lengthSoFar = (d.exit ?? today) - d.admission;
  const stay: Row = {
    stay_id: `E${freshKey(keys, 11)}`,
    // Prefixed: a bare hex token can be all digits, which the contract's key format refuses (a DNI look-alike).
    person_key: `P${freshKey(keys, 16)}`,
    shelter_code: code,
    admission_date: isoOf(d.admission),
    exit_date: exited ? isoOf(d.exit as number) : null,
    referral_source: referral,
    protection_order: protection,
    risk_level_at_admission: drawRisk(rng, RISK[net.code], p, completionChance(COMPLETED_BASE[net.code], RISK[net.code], p), exited ? completed : null),
    age_band: rng.weighted(WOMAN_AGE),
    disability: rng.chance(0.07),
    indigenous_or_language_minority: rng.chance(minorityLanguageShare[region] ?? defaultMinorityShare(net.country)),
    children_in_stay: d.children,
    companions_in_stay: d.companions,
    extension_granted: exited ? d.ext : lengthSoFar > limit && rng.chance(0.8),
    exit_reason: exited ? d.reason : null,
    exit_plan_done: exited ? rng.chance(completed ? clamp(0.86 + 0.08 * p.exit, 0.5, 0.99) : 0.2) : null,
    safety_plan_done: exited || lengthSoFar > 14 ? rng.chance(clamp(0.8 + 0.12 * p.q, 0.4, 0.99)) : null,
    legal_representation: rng.chance(clamp((net.code === "co-bogota" ? 0.86 : net.code === "pe-aurora" ? 0.6 : 0.7) + 0.1 * p.q, 0.2, 0.98)),
    occupational_workshop_certified: workshop,
    employment_at_exit: employment,
    consent_followup: rng.chance(clamp(0.82 + 0.08 * p.q, 0.5, 0.97)),
    consent_research: rng.chance(0.7),
  };
  d.stay = stay;
  sd.tables.stays.push(stay);

  // Children of the stay: exactly children_in_stay rows.
  for (let i = 0; i < d.children; i++) {
    const band = rng.weighted(CHILD_AGE);
    const schoolAge = band === "6-11" || band === "12-14" || band === "15-17";
    const enrolled = rng.chance(ENROLLED[band]);
    let schooling: string = "none";
    if (enrolled || schoolAge) {
      schooling = rng.weighted(SCHOOLING[net.code] as Record<string, number>);
      if (schooling !== "none" && p.school < -0.8 && rng.chance(0.25)) schooling = "none";
    }
    const keepP = !enrolled ? 0.25 : schooling === "none" ? 0.35 : clamp(0.84 + 0.1 * p.school, 0.45, 0.98);
    sd.tables.children.push({
      child_key: `K${freshKey(keys, 12)}`,
      stay_id: stay.stay_id,
      age_band: band,
      school_enrolled_at_admission: enrolled,
      schooling_during_stay: schooling,
      school_year_kept: schoolAge && exited ? rng.chance(keepP) : null,
      psychological_care: rng.chance(clamp((band === "0-2" ? 0.45 : 0.74) + 0.15 * p.q, 0.2, 0.97)),
    });
  }

  // Rosenberg at admission (most stays) and exit (most completed stays).
  const theta0 = rng.normal(-0.55, 0.75);
  const dose = Math.min(1, d.los / 90);
  const gain = (0.55 + 0.35 * p.psych) * dose * (completed ? 1.2 : 0.7) + rng.normal(0, 0.35);
  const last = d.exit ?? today;
  if (rng.chance(sd.spec.tiny ? 0.8 : 0.93)) {
    const on = Math.min(last, d.admission + rng.int(0, 6));
    sd.tables.assessments.push({ stay_id: stay.stay_id, instrument: "rosenberg_ses", timepoint: "admission", assessed_on: isoOf(on), ...rosenbergItems(theta0, rng) });
  }
  if (exited && d.los >= 10 && rng.chance(completed ? clamp(0.86 + 0.06 * p.psych, 0.6, 0.97) : d.reason === "transferred" ? 0.5 : 0.25)) {
    const on = Math.max(d.admission + 7, last - rng.int(0, 4));
    sd.tables.assessments.push({ stay_id: stay.stay_id, instrument: "rosenberg_ses", timepoint: "exit", assessed_on: isoOf(on), ...rosenbergItems(theta0 + gain, rng) });
  }

  // Follow-up contacts at about 3, 6 and 12 months after exit, with consent.
  if (exited && stay.consent_followup) {
    const exitDay = d.exit as number;
    const attempt = clamp((net.code === "pe-aurora" ? 0.78 : 0.9) + 0.15 * p.follow, 0.3, 0.98);
    for (const months of [3, 6, 12] as const) {
      const on = exitDay + Math.round(months * 30.44) + rng.int(-10, 20);
      if (on > today || !rng.chance(attempt)) continue;
      const achieved = rng.chance(clamp(0.64 + 0.22 * p.follow - (months === 12 ? 0.1 : 0), 0.08, 0.96));
      const recurrence = achieved ? rng.chance(clamp(0.13 - 0.05 * p.q - (completed ? 0.04 : 0), 0.02, 0.4)) : null;
      const progress = achieved
        ? rng.weighted(
            completed
              ? { none: 0.12, partial: 0.5 - 0.02 * months, achieved: 0.38 + 0.02 * months }
              : { none: 0.38, partial: 0.45, achieved: 0.17 },
          )
        : null;
      sd.tables.followups.push({
        stay_id: stay.stay_id,
        contact_date: isoOf(on),
        mode: achieved ? rng.weighted(CONTACT_MODE[net.code]) : "phone",
        contact_achieved: achieved,
        safe_environment: achieved ? rng.chance(recurrence ? 0.3 : clamp(0.86 + 0.06 * p.q, 0.5, 0.98)) : null,
        life_plan_progress: progress,
        violence_recurrence: recurrence,
      });
      if (achieved && months === 6 && rng.chance(0.3)) {
        sd.tables.assessments.push({
          stay_id: stay.stay_id,
          instrument: "rosenberg_ses",
          timepoint: "followup_6m",
          assessed_on: isoOf(on),
          ...rosenbergItems(theta0 + gain + rng.normal(-0.05, 0.3), rng),
        });
      }
    }
  }

  // Satisfaction survey at exit (Likert 1–5, five items); complaints are rare.
  if (exited && rng.chance(clamp(0.55 + 0.2 * p.q, 0.2, 0.9))) {
    const items: Row = {};
    for (let i = 1; i <= 5; i++) items[`item_${i}`] = roundClamp(3.95 + 0.45 * p.q + (completed ? 0.2 : -0.3) + rng.normal(0, 0.8), 1, 5);
    sd.tables.service_surveys.push({
      response_id: `R${freshKey(keys, 11)}`,
      stay_id: rng.chance(0.8) ? stay.stay_id : null, // some answer the anonymous box
      answered_on: isoOf(Math.max(d.admission, last - rng.int(0, 2))),
      scale_max: 5,
      complaint_filed: rng.chance(clamp(0.03 - 0.02 * p.q, 0.005, 0.08)),
      ...items,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The whole network

const emptyTables = (): Record<BatchTableName, Row[]> => ({
  stays: [],
  children: [],
  assessments: [],
  followups: [],
  service_surveys: [],
  coordinator_surveys: [],
  compliance_checks: [],
  referrals_not_admitted: [],
});

export function generateDemo(opts: DemoOptions): DemoData {
  const { seed } = opts;
  const scale = opts.scale;
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`demo: scale must be a positive number, got ${scale}`);
  if (!Number.isInteger(seed)) throw new Error(`demo: seed must be an integer, got ${seed}`);
  const todayStr = opts.today ?? todayIso();
  const today = dayOf(todayStr);
  const start = dayOf(DEMO_START);
  if (!(today > start + 365)) throw new Error(`demo: today (${todayStr}) must be after ${DEMO_START} by a year or more`);

  const shelters: ShelterData[] = [];
  const draftsByNetwork = new Map<NetworkCode, Draft[]>();

  for (const network of Object.keys(networks) as NetworkCode[]) {
    const net = networks[network];
    const specs = shelterSpecs.filter((s) => s.network === network);
    const profiles = drawProfiles(seed, specs, network);
    markExtremeIntake(network, specs, profiles);
    const firstIndex = shelters.length;
    specs.forEach((spec, i) => {
      const profile = profiles[i] as Profile;
      shelters.push({
        spec,
        network: net,
        profile,
        registry: {},
        periodStart: isoOf(Math.max(start, dayOf(spec.opened_on))),
        tables: emptyTables(),
      });
    });
    const local = shelters.slice(firstIndex);
    const activeDays = local.map((s) => today - dayOf(s.periodStart) + 1);

    // How many stays each shelter holds.
    let counts: number[];
    let repeats: number;
    if (network === "pe-aurora") {
      const women = Math.round(AURORA_TARGETS.women * scale);
      repeats = Math.round(women * 0.04);
      counts = apportion(women + repeats, local.map((s, i) => s.spec.weight * (activeDays[i] ?? 0)));
    } else {
      counts = local.map((s, i) => {
        const est = new Rng(seed, `estimate/${s.spec.code}`);
        const rooms = s.spec.capacity_rooms !== undefined;
        let per = 0;
        for (let k = 0; k < 400; k++) {
          const d = drawDraft(est, 0, net, s.profile);
          per += d.los * units(d, rooms);
        }
        per /= 400;
        const capacity = s.spec.capacity_places ?? s.spec.capacity_rooms ?? 10;
        return Math.round((scale * capacity * s.profile.util * (activeDays[i] ?? 0)) / per);
      });
      repeats = 0; // set after placement
    }
    // Every shelter sends at least one stay; at small scales the extra stays are taken from the
    // largest shelter so that the network total (and so the Aurora count) is kept.
    const total = counts.reduce((s, n) => s + n, 0);
    counts = counts.map((n) => Math.max(1, n));
    let extra = counts.reduce((s, n) => s + n, 0) - total;
    while (network === "pe-aurora" && extra > 0) {
      const largest = counts.indexOf(Math.max(...counts));
      if ((counts[largest] ?? 0) <= 1) break;
      counts[largest] = (counts[largest] ?? 0) - 1;
      extra--;
    }

    const drafts: Draft[] = [];
    local.forEach((s, i) => {
      const rng = new Rng(seed, `stays/${s.spec.code}`);
      for (let k = 0; k < (counts[i] ?? 0); k++) drafts.push(drawDraft(rng, firstIndex + i, net, s.profile));
    });
    if (network === "pe-aurora") {
      const rng = new Rng(seed, "aurora/totals");
      fixTotal(drafts, "children", Math.round(AURORA_TARGETS.children * scale), 8, rng);
      fixTotal(drafts, "companions", Math.round(AURORA_TARGETS.companions * scale), 3, rng);
    }

    // Capacity and placement in time.
    local.forEach((s, i) => {
      const mine = drafts.filter((d) => d.shelter === firstIndex + i);
      const rooms = s.spec.capacity_rooms !== undefined;
      let capacity = s.spec.capacity_places ?? s.spec.capacity_rooms;
      if (capacity === undefined) {
        // HRT: the seed gives no capacity; size the home so that its intake fills it to `util`.
        // A home of a few large families fills and empties in lumps: sized on its average alone,
        // its busiest months held twice its places. So the places also cover the busiest month
        // of the intake placed without a limit (a dry run of the same draws).
        const avg = mine.reduce((sum, d) => sum + d.los * units(d, false), 0) / (activeDays[i] ?? 1);
        const free = place(mine, dayOf(s.periodStart), today, Number.MAX_SAFE_INTEGER, false, new Rng(seed, `dates/${s.spec.code}`));
        const peak = busiestMonth(free);
        capacity = s.spec.tiny ? 8 : Math.max(8, 2 * Math.ceil(Math.max(avg / s.profile.util, peak) / 2));
        s.registry.capacity_places = capacity;
      }
      const load = place(mine, dayOf(s.periodStart), today, capacity, rooms, new Rng(seed, `dates/${s.spec.code}`));
      if (REFERRAL_LOG_NETWORKS.includes(network)) {
        s.tables.referrals_not_admitted.push(
          ...turnAways({
            shelterCode: s.spec.code,
            start: dayOf(s.periodStart),
            today,
            load,
            capacity,
            rooms,
            admissions: mine.length,
            intake,
            referralSources: REFERRAL[network] as Record<string, number>,
            ageBands: WOMAN_AGE,
            rng: new Rng(seed, `referrals/${s.spec.code}`),
          }),
        );
      }
    });
    if (network !== "pe-aurora") repeats = Math.round(drafts.length * 0.03);
    assignRepeats(drafts, repeats, new Rng(seed, `repeats/${network}`));
    draftsByNetwork.set(network, drafts);
  }

  // Details, shelter by shelter, in admission order; returning women keep their key and traits.
  const keys: KeySpace = { used: new Set(), rng: new Rng(seed, "keys") };
  shelters.forEach((sd, index) => {
    const drafts = (draftsByNetwork.get(sd.spec.network) ?? []).filter((d) => d.shelter === index);
    drafts.sort((a, b) => a.admission - b.admission);
    const rng = new Rng(seed, `details/${sd.spec.code}`);
    for (const d of drafts) stayDetails(d, sd, rng, keys, today);
  });
  for (const drafts of draftsByNetwork.values()) {
    for (const d of drafts) {
      if (!d.donor?.stay || !d.stay) continue;
      const first = d.donor.stay;
      d.stay.person_key = first.person_key;
      d.stay.age_band = first.age_band;
      d.stay.disability = first.disability;
      d.stay.indigenous_or_language_minority = first.indigenous_or_language_minority;
    }
  }
  for (const sd of shelters) sd.tables.stays.sort((a, b) => String(a.admission_date).localeCompare(String(b.admission_date)));

  // Registry rows.
  for (const sd of shelters) {
    const { spec, network: net, profile } = sd;
    sd.registry = {
      shelter_code: spec.code,
      network_code: net.code,
      network_name: net.name,
      country: net.country,
      region_code: spec.region,
      model: net.model,
      capacity_places: spec.capacity_places ?? (sd.registry.capacity_places as number | undefined) ?? null,
      capacity_rooms: spec.capacity_rooms ?? null,
      opened_on: spec.opened_on,
      closed_on: null,
      operator_type: spec.operator_type,
      has_exclusive_coordinator: profile.exclusiveCoordinator,
      reporting_period: "quarterly",
      reporting_due_days: DEMO_DUE_DAYS[net.code],
    };
  }

  // Coordinator survey (HRT): the one the evaluation reports, 2022, exactly as published. No later
  // years are invented, so the network's figures over the whole period are the seed's figures.
  const hrt = shelters.filter((s) => s.spec.network === "pe-aurora");
  const surveyed = hrt.map((s) => ({ code: s.spec.code, q: s.profile.q }));
  const survey2022 = coordinatorSurvey2022(surveyed, new Rng(seed, "survey/2022"));
  for (const sd of hrt) {
    sd.tables.coordinator_surveys.push(...survey2022.filter((r) => r.shelter_code === sd.spec.code));
  }

  // NOM-217 checks: every Mexican refuge about every two years; a 2025 pilot in six HRT.
  const ease = itemEase(new Rng(seed, "nom217/items"));
  for (const sd of shelters.filter((s) => s.spec.network === "mx-refugios")) {
    const rng = new Rng(seed, `nom217/${sd.spec.code}`);
    const first = Math.max(start, dayOf(sd.spec.opened_on) + 180);
    sd.tables.compliance_checks.push(
      ...complianceRows(
        {
          shelter_code: sd.spec.code,
          level: 1.3 + 1.3 * sd.profile.q + rng.normal(0, 0.3),
          gain: rng.chance(0.6) ? rng.uniform(0.15, 0.45) : 0,
          checkDays: checkSchedule(first, today, rng),
        },
        ease,
        rng,
      ),
    );
  }
  const pilotDay = dayOf("2025-09-15");
  if (pilotDay <= today) {
    const pilot = new Rng(seed, "nom217/hrt-pilot");
    const chosen = pilot.shuffle([...hrt]).slice(0, 6);
    for (const sd of chosen) {
      sd.tables.compliance_checks.push(
        ...complianceRows(
          {
            shelter_code: sd.spec.code,
            level: 0.6 + 1.2 * sd.profile.q + pilot.normal(0, 0.3),
            gain: 0,
            checkDays: [Math.min(today, pilotDay + pilot.int(0, 45))],
          },
          ease,
          pilot,
        ),
      );
    }
  }

  const recommendations = auroraRecommendationUpdates(
    hrt.map((s) => ({ code: s.spec.code, region: s.spec.region, exclusiveCoordinator: s.profile.exclusiveCoordinator, workshops: s.profile.workshops })),
    today,
    new Rng(seed, "recommendations"),
  );

  const data: DemoData = { today: todayStr, seed, scale, shelters, recommendations };
  plantQualityProblems(data);
  return data;
}
