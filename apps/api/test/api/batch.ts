// A minimal contract-v1 batch (manifest + stays.csv) as the dashboard would upload it.
export function batchFiles(shelter: string, stays = 6): { name: string; contentBase64: string }[] {
  const manifest = { contract_version: "1", shelter_code: shelter, exported_on: "2025-01-15", period_start: "2024-01-01", period_end: "2024-12-31" };
  const rows = ["stay_id,person_key,shelter_code,admission_date,exit_date,exit_reason"];
  for (let i = 0; i < stays; i++) rows.push(`up-${i},pk-up-${shelter}-${i},${shelter},2024-0${1 + (i % 8)}-10,2024-0${2 + (i % 8)}-20,plan_completed`);
  const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
  return [
    { name: "manifest.json", contentBase64: b64(JSON.stringify(manifest)) },
    { name: "stays.csv", contentBase64: b64(`${rows.join("\n")}\n`) },
  ];
}
