// Tables and columns of data quality (migration step 5): the networks' submission calendar and
// the findings the consistency rules store at each load.

/** Defaults when the registry leaves the calendar blank: quarterly, due 30 days after the period. */
export const DEFAULT_REPORTING_PERIOD = "quarterly";
export const DEFAULT_DUE_DAYS = 30;

// IF NOT EXISTS: a database created by this version already has the shelters' columns (step 1
// derives the table from the contract), one created before it does not.
export const CALENDAR_COLUMNS_DDL = [
  `ALTER TABLE networks ADD COLUMN IF NOT EXISTS reporting_period VARCHAR DEFAULT '${DEFAULT_REPORTING_PERIOD}'`,
  `ALTER TABLE networks ADD COLUMN IF NOT EXISTS reporting_due_days INTEGER DEFAULT ${DEFAULT_DUE_DAYS}`,
  `ALTER TABLE shelters ADD COLUMN IF NOT EXISTS reporting_period VARCHAR`,
  `ALTER TABLE shelters ADD COLUMN IF NOT EXISTS reporting_due_days INTEGER`,
];

/**
 * One row per finding: a rule that fired for a shelter and a period. The id is the rule, shelter,
 * period and metric, so a finding found again at a later load keeps its explanation. Counts and
 * statistics only: never a stay id or any row-level value.
 */
export const FINDINGS_DDL = `CREATE TABLE IF NOT EXISTS findings (
  finding_id VARCHAR PRIMARY KEY,
  shelter_code VARCHAR NOT NULL,
  network_code VARCHAR,
  rule VARCHAR NOT NULL,
  metric VARCHAR NOT NULL DEFAULT '',
  severity VARCHAR NOT NULL,
  period_start DATE NOT NULL,
  period_end DATE NOT NULL,
  observed DOUBLE,
  expected DOUBLE,
  score DOUBLE,
  affected INTEGER,
  batch_id VARCHAR,
  found_at TIMESTAMP NOT NULL,
  explanation VARCHAR,
  explained_by VARCHAR,
  explained_at TIMESTAMP
)`;
