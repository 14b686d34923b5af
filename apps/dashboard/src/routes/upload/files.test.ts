import { describe, expect, it } from "vitest";
import { invalidNames, mergeFiles, type Chosen } from "./files";

const chosen = (name: string, size = 1): Chosen => ({ name, size, file: undefined as unknown as File });

describe("upload files", () => {
  it("rejects names the API refuses (spreadsheets, paths, hidden files)", () => {
    expect(invalidNames([chosen("stays.csv"), chosen("manifest.json"), chosen("batch.zip"), chosen("data.xlsx"), chosen(".hidden.csv"), chosen("../x.csv")])).toEqual([
      "data.xlsx",
      ".hidden.csv",
      "../x.csv",
    ]);
  });

  it("keeps one file per name, the later choice replacing the earlier", () => {
    const merged = mergeFiles([chosen("a.csv", 1), chosen("b.csv", 2)], [chosen("a.csv", 9), chosen("c.csv", 3)]);
    expect(merged.map((f) => `${f.name}:${f.size}`)).toEqual(["a.csv:9", "b.csv:2", "c.csv:3"]);
  });
});
