import { roleCodes } from "@refugio/schemas";
import { describe, expect, it } from "vitest";
import { canOpen, pageForPath, pages, pagesFor, titleKey } from "./access";

describe("page access", () => {
  it("shows the admin page to admins only", () => {
    for (const role of roleCodes) expect(canOpen(role, "admin")).toBe(role === "admin");
  });

  it("gives shelter staff the benchmark and upload but not the named comparison", () => {
    const ids = pagesFor("shelter_staff", "co-bogota").map((p) => p.id);
    expect(ids).toContain("benchmark");
    expect(ids).toContain("upload");
    expect(ids).not.toContain("compare");
    expect(ids).not.toContain("admin");
  });

  it("shows the Aurora recommendations to Aurora's users and national roles only", () => {
    expect(canOpen("shelter_staff", "recommendations", "pe-aurora")).toBe(true);
    expect(canOpen("shelter_staff", "recommendations", "co-bogota")).toBe(false);
    expect(canOpen("network_director", "recommendations", "mx-refugios")).toBe(false);
    expect(canOpen("network_director", "recommendations", "pe-aurora")).toBe(true);
    expect(canOpen("ministry", "recommendations")).toBe(true);
  });

  it("never shows a named shelter benchmark or compliance to researchers", () => {
    expect(canOpen("researcher", "benchmark")).toBe(false);
    expect(canOpen("researcher", "compliance")).toBe(false);
    expect(canOpen("researcher", "compare")).toBe(true);
  });

  it("shows the microdata exports page to researchers and admins only (as the API allows)", () => {
    for (const role of roleCodes) expect(canOpen(role, "exports")).toBe(role === "researcher" || role === "admin");
    expect(pageForPath("/exports")?.label).toBe("nav.exports");
  });

  it("shows Data quality to every role but researchers (as the quality router allows)", () => {
    for (const role of roleCodes) expect(canOpen(role, "quality")).toBe(role !== "researcher");
    expect(pageForPath("/quality")?.label).toBe("nav.quality");
  });

  it("gives every role the overview", () => {
    for (const role of roleCodes) expect(pagesFor(role)[0]?.id).toBe("overview");
  });

  it("resolves paths with or without a trailing slash and rejects unknown ones", () => {
    expect(pageForPath("/compare/")?.id).toBe("compare");
    expect(pageForPath("/")?.id).toBe("overview");
    expect(pageForPath("/nope")).toBeUndefined();
  });

  it("has unique paths", () => {
    expect(new Set(pages.map((p) => p.path)).size).toBe(pages.length);
  });

  it("titles a forbidden page as not allowed, not as not found", () => {
    const admin = pageForPath("/admin");
    const allowed = pagesFor("shelter_staff", "pe-aurora").find((p) => p.id === admin?.id);
    expect(allowed).toBeUndefined();
    expect(titleKey(admin, allowed)).toBe("app.forbiddenTitle");
    expect(titleKey(undefined, undefined)).toBe("app.notFound");
    expect(titleKey(admin, admin)).toBe("nav.admin");
  });
});
