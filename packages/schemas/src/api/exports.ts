// What a research export may hold: its tables and the stay variables a researcher may choose (the
// key and the quasi-identifiers are always in). One list for the API, the CLI and the dashboard.
export const EXPORT_TABLES = ["stays", "children", "assessments", "followups"] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export const STAY_VARIABLES = [
  "referral_source",
  "protection_order",
  "legal_representation",
  "extension_granted",
  "exit_reason",
  "exit_plan_done",
  "safety_plan_done",
  "occupational_workshop_certified",
  "employment_at_exit",
  "companions_in_stay",
  "rse_admission",
  "rse_exit",
  "rse_change",
  "rse_rci_improved",
  "followup_6m_achieved",
] as const;
export type StayVariable = (typeof STAY_VARIABLES)[number];
