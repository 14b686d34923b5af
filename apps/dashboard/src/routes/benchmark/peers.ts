// Names of the peer groups. "My network" is only true for users who belong to the benchmarked
// shelter's network (its staff and its director); admins and the ministry pick any shelter, so for
// them the group is the shelter's network or country.
import type { Role } from "@refugio/schemas";
import type { MessageKey } from "../../i18n/translate";

export type Peers = "network" | "country" | "all" | "model";
export const peerGroups: readonly Peers[] = ["network", "country", "all", "model"];

const ownScope: readonly Role[] = ["network_director", "shelter_staff"];

export function peerLabelKey(peers: Peers, role: Role | undefined): MessageKey {
  if (peers === "all") return "benchmark.peers.all";
  if (peers === "model") return "benchmark.peers.model";
  const own = role !== undefined && ownScope.includes(role);
  if (peers === "network") return own ? "benchmark.peers.network" : "benchmark.peers.shelterNetwork";
  return own ? "benchmark.peers.country" : "benchmark.peers.shelterCountry";
}
