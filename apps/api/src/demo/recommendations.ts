// Dated status updates of the Aurora evaluation's recommendations (codes from
// @refugio/schemas reference data), in the contract's `recommendations` shape. Figures quoted
// in the evidence notes are taken from the demo registry so the notes agree with the data.
import { auroraRecommendations, type AuroraRecommendationCode } from "@refugio/schemas";
import type { Row } from "./csv";
import { dayOf } from "./dates";
import type { Rng } from "./random";

/** The network that tracks the Aurora evaluation's recommendations. */
const AURORA_NETWORK = "pe-aurora";

export interface HrtFacts {
  code: string;
  region: string;
  exclusiveCoordinator: boolean;
  workshops: boolean;
}

const linked = (code: AuroraRecommendationCode) =>
  (auroraRecommendations.find((r) => r.code === code)?.linked_indicators ?? []).join("|") || null;

export function auroraRecommendationUpdates(hrt: readonly HrtFacts[], today: number, rng: Rng): Row[] {
  const rows: Row[] = [];
  const add = (code: AuroraRecommendationCode, scope: "national" | "region" | "shelter", scope_code: string | null, status: string, updated_on: string, evidence: string) => {
    if (dayOf(updated_on) <= today) rows.push({ recommendation_code: code, scope, scope_code, network_code: AURORA_NETWORK, status, updated_on, evidence, linked_indicators: linked(code) });
  };
  const regions = [...new Set(hrt.map((h) => h.region))];
  const withWorkshops = [...new Set(hrt.filter((h) => h.workshops).map((h) => h.region))];
  const withoutWorkshops = regions.filter((r) => !withWorkshops.includes(r));
  const exclusive = hrt.filter((h) => h.exclusiveCoordinator).length;

  // 1. Public investment projects, owned by the regions.
  const [r1a, r1b, r1c] = rng.shuffle([...regions]);
  if (r1a) {
    add("aurora-r1", "region", r1a, "in_progress", "2023-04-18", "Idea de proyecto de inversión para un HRT propio registrada en el Banco de Inversiones (INVIERTE.PE).");
    add("aurora-r1", "region", r1a, "in_progress", "2025-02-10", "Expediente técnico aprobado; ejecución programada en la Programación Multianual de Inversiones 2026-2028.");
  }
  if (r1b) {
    add("aurora-r1", "region", r1b, "not_started", "2023-06-05", "Sin proyecto de HRT en la programación multianual del gobierno regional.");
    add("aurora-r1", "region", r1b, "in_progress", "2024-09-16", "Idea de proyecto registrada tras la reunión técnica con el Programa Nacional Aurora.");
  }
  if (r1c) add("aurora-r1", "region", r1c, "blocked", "2024-03-11", "Proyecto observado: el terreno ofrecido no tiene saneamiento físico-legal.");

  // 2. Agreements with CEBA / CEO / CETPRO, owned by the regions; linked to certified workshops.
  withWorkshops.forEach((region, i) => {
    const year = 2023 + (i % 3);
    add("aurora-r2", "region", region, "in_progress", `${year}-03-${String(6 + i).padStart(2, "0")}`, "Convenio con un CETPRO en negociación; talleres ocupacionales aún sin certificación.");
    add("aurora-r2", "region", region, "done", `${year}-10-${String(2 + i).padStart(2, "0")}`, "Convenio firmado con un CETPRO: educadora técnico-productiva asignada y talleres con certificado.");
  });
  const [w1, w2] = withoutWorkshops;
  if (w1) add("aurora-r2", "region", w1, "blocked", "2024-07-22", "El CETPRO no asignó educador técnico-productivo por falta de presupuesto.");
  if (w2) add("aurora-r2", "region", w2, "in_progress", "2025-05-19", "Convenio con un CEBA en revisión por la asesoría jurídica regional.");

  // 3. Update R.M. 150-2016-MIMP: national directorate.
  add("aurora-r3", "national", null, "in_progress", "2023-03-08", "Mesa técnica de la Dirección General contra la Violencia de Género instalada para revisar la R.M. 150-2016-MIMP.");
  add("aurora-r3", "national", null, "in_progress", "2024-11-25", "Proyecto de lineamientos actualizados prepublicado para comentarios de los HRT y gobiernos subnacionales.");

  // 4. Exclusive coordinator posts: progress counted from the registry.
  const earlier = Math.max(0, exclusive - 3);
  add("aurora-r4", "national", null, "in_progress", "2023-01-16", `${earlier} de ${hrt.length} HRT con coordinadora exclusiva; solicitud de plazas presentada.`);
  add("aurora-r4", "national", null, "in_progress", "2025-07-01", `${exclusive} de ${hrt.length} HRT con coordinadora exclusiva; plazas de asistente operativo aún sin presupuesto.`);

  // 5. Registration and accreditation: a NOM-style checklist pilot.
  add("aurora-r5", "national", null, "not_started", "2024-05-20", "Criterios de registro y acreditación de HRT en elaboración.");
  add("aurora-r5", "national", null, "in_progress", "2025-11-14", "Verificación piloto con lista de chequeo tipo NOM-217 en seis HRT.");

  // Lesson: follow up the commitments of the cooperation agreements.
  add("aurora-commitments", "national", null, "in_progress", "2023-06-30", `Reuniones técnicas periódicas con los gobiernos subnacionales; ${hrt.length - 4} de ${hrt.length} convenios al día.`);
  add("aurora-commitments", "national", null, "in_progress", "2024-12-16", `Sectoristas por región asignados; ${hrt.length - 2} de ${hrt.length} convenios al día.`);
  add("aurora-commitments", "national", null, "in_progress", "2026-06-30", `Convenio con la Municipalidad Provincial de Tambopata suscrito; ${hrt.length - 1} de ${hrt.length} convenios al día.`);
  return rows;
}
