import { describe, expect, it } from "vitest";
import { currentStatus, progress } from "./status";

const row = (scope: string, status: string, updated_on: string, recorded_at = "2025-01-01 00:00:00") => ({ scope, status, updated_on, recorded_at });

describe("currentStatus", () => {
  it("prefers the latest national update over newer regional ones", () => {
    const r = currentStatus([row("national", "in_progress", "2024-01-01"), row("region", "done", "2025-06-01"), row("national", "blocked", "2023-01-01")]);
    expect(r.status).toBe("in_progress");
  });
  it("falls back to the newest update at any level, then to not started", () => {
    expect(currentStatus([row("shelter", "done", "2024-02-01"), row("region", "blocked", "2024-01-01")]).status).toBe("done");
    expect(currentStatus([]).status).toBe("not_started");
  });
  it("breaks same-day ties by recording time and maps unknown codes to not started", () => {
    expect(currentStatus([row("national", "done", "2024-01-01", "2024-01-01 10:00:00"), row("national", "blocked", "2024-01-01", "2024-01-01 11:00:00")]).status).toBe("blocked");
    expect(currentStatus([row("national", "weird", "2024-01-01")]).status).toBe("not_started");
  });
});

describe("progress", () => {
  it("counts done among all", () => {
    expect(progress(["done", "in_progress", "done", "not_started"])).toEqual({ done: 2, total: 4 });
  });
});
