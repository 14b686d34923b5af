import { roleCodes } from "@refugio/schemas";
import { describe, expect, it } from "vitest";
import { translate } from "../../i18n/translate";
import { peerLabelKey } from "./peers";

describe("peer group names", () => {
  it("says “my network” only to the shelter's own staff and director", () => {
    for (const role of roleCodes) {
      const text = translate("en", peerLabelKey("network", role));
      if (role === "network_director" || role === "shelter_staff") expect(text).toBe("Shelters of my network");
      else expect(text, role).not.toMatch(/\bmy\b/);
    }
    expect(translate("es", peerLabelKey("network", "ministry"))).toBe("Refugios de la red del refugio");
    expect(translate("es", peerLabelKey("country", "admin"))).toBe("Refugios del país del refugio");
    expect(translate("es", peerLabelKey("country", "network_director"))).toBe("Refugios de mi país");
    expect(peerLabelKey("all", "admin")).toBe("benchmark.peers.all");
  });
});
