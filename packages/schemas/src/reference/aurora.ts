// Recommendations of the Aurora evaluation (Peru, Programa Nacional Aurora, Hogares de Refugio
// Temporal), tracked in the `recommendations` table by `recommendation_code`. Spanish texts are
// quoted from ../shared/seeds/001_495e2f6c9a772c93.txt (sections 4 and 5); English is ours.
import type { CodeOf } from "../contract/codes";

export type RecommendationOwnerLevel = CodeOf<"recommendation_scope">;

export interface AuroraRecommendation {
  code: string;
  /** Position in the evaluation's list; the lesson on commitments comes last. */
  order: number;
  /** "recommendation" (section 5) or "lesson" (section 4, lessons learned). */
  kind: "recommendation" | "lesson";
  title: { es: string; en: string };
  text: { es: string; en: string };
  /** Who must act: the national directorate, the region (sub-national government) or the shelter. */
  owner_level: RecommendationOwnerLevel;
  owner: { es: string; en: string };
  /** Indicator codes of the catalogue (packages/metrics) that show progress on it. */
  linked_indicators: readonly string[];
}

export const auroraRecommendations = [
  {
    code: "aurora-r1",
    order: 1,
    kind: "recommendation",
    title: {
      es: "Priorizar proyectos de inversión pública (INVIERTE.PE) para construir HRT",
      en: "Prioritise public investment projects (INVIERTE.PE) to build shelter homes",
    },
    text: {
      es: "Los Gobiernos subnacionales deben priorizar la elaboración y ejecución de proyectos de inversión pública, en el marco del Sistema Nacional de Programación Multianual y Gestión de Inversiones (INVIERTE.PE), para construir Hogares de Refugio Temporal.",
      en: "Sub-national governments should prioritise preparing and carrying out public investment projects, within the national multi-year investment programming and management system (INVIERTE.PE), to build Temporary Shelter Homes.",
    },
    owner_level: "region",
    owner: { es: "Gobiernos subnacionales", en: "Sub-national governments" },
    linked_indicators: [],
  },
  {
    code: "aurora-r2",
    order: 2,
    kind: "recommendation",
    title: {
      es: "Convenios con CEBA, CEO y CETPRO para talleres ocupacionales sostenidos",
      en: "Agreements with CEBA, CEO and CETPRO for steady occupational workshops",
    },
    text: {
      es: "Además, es necesario que suscriban convenios con instituciones educativas como CEBAS, CEOS y CETPROS para que dichos servicios de protección cuenten con educadores técnicos productivos e impartan los talleres ocupacionales de manera sostenida.",
      en: "Further, they should sign agreements with adult and technical education centres (CEBA, CEO, CETPRO) so that each shelter home has technical-productive educators and runs occupational workshops steadily.",
    },
    owner_level: "region",
    owner: { es: "Gobiernos subnacionales", en: "Sub-national governments" },
    linked_indicators: ["workshop_certified_rate"],
  },
  {
    code: "aurora-r3",
    order: 3,
    kind: "recommendation",
    title: {
      es: "Actualizar los instrumentos de la R.M. 150-2016-MIMP",
      en: "Update the instruments of R.M. 150-2016-MIMP",
    },
    text: {
      es: "La Dirección General contra la Violencia de Género debe actualizar los instrumentos técnicos y normativos contenidos en la R.M 150-2016.MIMP, de acuerdo a la realidad de estos hogares, sus características particulares y las lecciones aprendidas.",
      en: "The Directorate General against Gender Violence should update the technical and normative instruments of R.M. 150-2016-MIMP to the reality of these homes, their particular features and the lessons learned.",
    },
    owner_level: "national",
    owner: { es: "Dirección General contra la Violencia de Género", en: "Directorate General against Gender Violence" },
    linked_indicators: [],
  },
  {
    code: "aurora-r4",
    order: 4,
    kind: "recommendation",
    title: {
      es: "Crear plazas de coordinadora exclusiva y de asistente operativo en cada HRT",
      en: "Create an exclusive coordinator post and an operational assistant post in each shelter home",
    },
    text: {
      es: "Es fundamental que la Unidad de Atención y Protección gestione la creación de plazas para el cargo de un/a coordinador/a exclusiva en los Hogares de Refugio Temporal (HRT), a fin de evitar una sobrecarga laboral en los profesionales que actualmente asumen dicha responsabilidad en adición a sus funciones. Asimismo, se debería crear una plaza de asistente operativo para cubrir los turnos en casos de imprevistos, debido a la falta de personal.",
      en: "The Care and Protection Unit should arrange for posts of an exclusive coordinator in the Temporary Shelter Homes, to avoid overloading the professionals who now take on that duty on top of their own; an operational assistant post should also be created to cover shifts when the unexpected happens, given the lack of staff.",
    },
    owner_level: "national",
    owner: { es: "Unidad de Atención y Protección (Programa Nacional Aurora)", en: "Care and Protection Unit (Aurora National Programme)" },
    linked_indicators: ["exclusive_coordinator_share"],
  },
  {
    code: "aurora-r5",
    order: 5,
    kind: "recommendation",
    title: {
      es: "Registrar y acreditar los HRT que cumplen la normativa",
      en: "Register and accredit the shelter homes that meet the standards",
    },
    text: {
      es: "Se deben impulsar las gestiones correspondientes para registrar y acreditar los HRT que se encuentren en condiciones óptimas, cumpliendo con la normativa vigente.",
      en: "Steps should be taken to register and accredit the shelter homes that are in optimal condition and meet the regulations in force.",
    },
    owner_level: "national",
    owner: { es: "Programa Nacional Aurora", en: "Aurora National Programme" },
    linked_indicators: ["compliance_nom217"],
  },
  {
    code: "aurora-commitments",
    order: 6,
    kind: "lesson",
    title: {
      es: "Dar seguimiento a los compromisos de los Gobiernos subnacionales",
      en: "Follow up the commitments of sub-national governments",
    },
    text: {
      es: "Realizar el seguimiento de los compromisos asumidos por los Gobiernos subnacionales y otras instituciones involucradas, en el marco de los convenios de cooperación interinstitucional.",
      en: "Follow up the commitments that sub-national governments and other institutions took on in the inter-institutional cooperation agreements.",
    },
    owner_level: "national",
    owner: { es: "Programa Nacional Aurora", en: "Aurora National Programme" },
    linked_indicators: [],
  },
] as const satisfies readonly AuroraRecommendation[];

export type AuroraRecommendationCode = (typeof auroraRecommendations)[number]["code"];
export const auroraRecommendationCodes = auroraRecommendations.map((r) => r.code) as readonly AuroraRecommendationCode[];
