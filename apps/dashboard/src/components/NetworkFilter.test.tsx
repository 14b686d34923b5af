// @vitest-environment jsdom
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithLang } from "../test/render";
import { NetworkFilter, networkName } from "./NetworkFilter";

const networks = [
  { network_code: "pe-aurora", network_name: "Programa Nacional Aurora – Hogares de Refugio Temporal", country: "PE", shelters: 22 },
  { network_code: "co-bogota", network_name: null, country: "CO", shelters: 5 },
];

describe("networkName", () => {
  it("names a network from the catalogue, falling back to its code", () => {
    expect(networkName(networks, "pe-aurora")).toBe("Programa Nacional Aurora – Hogares de Refugio Temporal");
    expect(networkName(networks, "co-bogota")).toBe("co-bogota");
    expect(networkName(undefined, "mx-refugios")).toBe("mx-refugios");
  });
});

describe("NetworkFilter", () => {
  it("offers every network under a feminine “Todas” (la red) in Spanish, “All” in English", () => {
    const { unmount } = renderWithLang(<NetworkFilter networks={networks} value="" />);
    const select = screen.getByLabelText("Red");
    expect([...select.querySelectorAll("option")].map((o) => o.textContent)).toEqual([
      "Todas",
      "Programa Nacional Aurora – Hogares de Refugio Temporal",
      "co-bogota",
    ]);
    unmount();
    renderWithLang(<NetworkFilter networks={networks} value="" />, "en");
    expect(screen.getByLabelText("Network").querySelector("option")?.textContent).toBe("All");
  });
});
