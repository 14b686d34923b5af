// The three demo networks of the seeds: who runs each shelter, where (ISO 3166-2 region only,
// never an address), its size and the programme rules (stay limits) that shape its stays.
import type { CodeOf } from "@refugio/schemas";

export type NetworkCode = "pe-aurora" | "co-bogota" | "mx-refugios";

export interface NetworkSpec {
  code: NetworkCode;
  name: string;
  country: "PE" | "CO" | "MX";
  model: CodeOf<"model">;
  /** Programme stay limit in days and the most an extension adds (null: no stated limit). */
  limitDays: number | null;
  extensionDays: number;
}

export const networks: Record<NetworkCode, NetworkSpec> = {
  "pe-aurora": {
    code: "pe-aurora",
    name: "Programa Nacional Aurora – Hogares de Refugio Temporal",
    country: "PE",
    model: "hrt",
    // The seed states no limit for the HRT; 180 days is the demo's configurable guide.
    limitDays: 180,
    extensionDays: 90,
  },
  "co-bogota": {
    code: "co-bogota",
    name: "Casas Refugio de Bogotá",
    country: "CO",
    model: "casa_refugio",
    limitDays: 120, // 4 months, extendable by up to 2 more (seed 000)
    extensionDays: 60,
  },
  "mx-refugios": {
    code: "mx-refugios",
    name: "Refugios para mujeres (NOM-217)",
    country: "MX",
    model: "refugio",
    limitDays: 90, // 3 months, longer only while the risk persists (PROY-NOM-217)
    extensionDays: 60,
  },
};

export interface ShelterSpec {
  code: string;
  network: NetworkCode;
  region: string;
  opened_on: string;
  operator_type: CodeOf<"operator_type">;
  /** Relative size of the shelter's intake (stays per open day). */
  weight: number;
  /** Fixed daily places (Bogotá), rooms (Mexico); HRT places follow from the intake. */
  capacity_places?: number;
  capacity_rooms?: number;
  /** A deliberately small shelter, so small-cell suppression shows in the demo. */
  tiny?: boolean;
}

// 22 HRT in 17 regions (seed 001); Lima, Cusco, Arequipa, Puno and Junín hold two each.
// Tambopata (Madre de Dios) is the 23rd, agreed after the evaluation: not part of the 22.
const hrt: ShelterSpec[] = (
  [
    ["PE-LIM", "2016-03-08", "subnational_government", 1.6],
    ["PE-LIM", "2017-06-01", "beneficencia", 1.2],
    ["PE-CUS", "2016-09-12", "subnational_government", 1.3],
    ["PE-CUS", "2019-04-22", "beneficencia", 0.9],
    ["PE-ARE", "2016-11-25", "subnational_government", 1.3],
    ["PE-ARE", "2020-02-03", "beneficencia", 0.8],
    ["PE-PUN", "2017-03-08", "subnational_government", 1.0],
    ["PE-PUN", "2020-08-17", "subnational_government", 0.8],
    ["PE-JUN", "2017-08-21", "subnational_government", 1.1],
    ["PE-JUN", "2021-03-08", "beneficencia", 0.7],
    ["PE-LAL", "2017-10-02", "subnational_government", 1.2],
    ["PE-PIU", "2018-01-15", "subnational_government", 1.1],
    ["PE-ICA", "2018-05-07", "beneficencia", 0.9],
    ["PE-AYA", "2018-07-02", "subnational_government", 1.0],
    ["PE-HUV", "2019-03-04", "subnational_government", 0.6],
    ["PE-APU", "2019-06-10", "subnational_government", 0.7],
    ["PE-CAJ", "2018-09-24", "subnational_government", 0.9],
    ["PE-SAM", "2019-08-05", "subnational_government", 0.8],
    ["PE-UCA", "2020-01-20", "subnational_government", 0.7],
    ["PE-LOR", "2020-03-02", "beneficencia", 0.9],
    ["PE-TAC", "2019-11-25", "beneficencia", 0.7],
    ["PE-HUC", "2021-09-13", "subnational_government", 0.11],
  ] as const
).map(([region, opened_on, operator_type, weight], i) => ({
  code: `hrt-${String(i + 1).padStart(2, "0")}`,
  network: "pe-aurora" as const,
  region,
  opened_on,
  operator_type,
  weight,
  ...(weight < 0.2 ? { tiny: true } : {}),
}));

// Bogotá: 5 Casas Refugio, 42 daily places each (seed 000). The district runs them.
const bogota: ShelterSpec[] = (["2012-11-26", "2014-05-12", "2016-02-15", "2018-03-05", "2019-09-02"] as const).map(
  (opened_on, i) => ({
    code: `cr-bog-${i + 1}`,
    network: "co-bogota" as const,
    region: "CO-DC",
    opened_on,
    operator_type: "subnational_government" as const,
    weight: 1,
    capacity_places: 42,
  }),
);

// Mexico: refuges of several states, capacity in rooms (one per family unit, NOM-217).
const mexico: ShelterSpec[] = (
  [
    ["MX-OAX", "2006-03-08", "civil_society", 14],
    ["MX-CMX", "2008-11-25", "subnational_government", 24],
    ["MX-JAL", "2010-06-14", "civil_society", 16],
    ["MX-CHP", "2011-09-05", "civil_society", 12],
    ["MX-GRO", "2013-02-18", "civil_society", 10],
    ["MX-YUC", "2014-08-11", "mixed", 12],
    ["MX-NLE", "2015-04-20", "civil_society", 18],
    ["MX-MEX", "2016-10-03", "subnational_government", 20],
    ["MX-VER", "2017-07-10", "civil_society", 12],
    ["MX-PUE", "2021-05-24", "civil_society", 4],
  ] as const
).map(([region, opened_on, operator_type, rooms], i) => ({
  code: `mx-ref-${String(i + 1).padStart(2, "0")}`,
  network: "mx-refugios" as const,
  region,
  opened_on,
  operator_type,
  weight: 1,
  capacity_rooms: rooms,
  ...(rooms <= 4 ? { tiny: true } : {}),
}));

export const shelterSpecs: readonly ShelterSpec[] = [...hrt, ...bogota, ...mexico];

/**
 * Share of women who speak an indigenous or minority language, by region: Quechua and Aymara
 * highlands and Amazonian regions in Peru; Oaxaca, Chiapas, Guerrero and Yucatán in Mexico.
 */
export const minorityLanguageShare: Record<string, number> = {
  "PE-PUN": 0.62,
  "PE-APU": 0.55,
  "PE-HUV": 0.52,
  "PE-CUS": 0.46,
  "PE-AYA": 0.44,
  "PE-UCA": 0.3,
  "PE-LOR": 0.26,
  "PE-HUC": 0.3,
  "PE-JUN": 0.16,
  "PE-SAM": 0.12,
  "PE-CAJ": 0.08,
  "PE-ARE": 0.1,
  "MX-CHP": 0.5,
  "MX-OAX": 0.45,
  "MX-GRO": 0.35,
  "MX-YUC": 0.38,
  "MX-PUE": 0.2,
  "MX-VER": 0.15,
};
export const defaultMinorityShare = (country: string) => (country === "PE" ? 0.06 : 0.04);

/** HRT figures of the Aurora evaluation (seed 001), reproduced exactly at scale 1. */
export const AURORA_TARGETS = { women: 4992, children: 5481, companions: 631 } as const;
