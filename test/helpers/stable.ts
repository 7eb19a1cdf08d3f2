// The part of a World that a failed command must leave untouched: everything except
// what traffic and time legitimately change (clock, PRNG, packet/byte counters,
// interface statistics, the ARP cache, learned path MTUs). Compare two snapshots with
// toEqual to check that "bad input changes nothing".
import type { World } from '../../server/sim/world/types.js';

export function stableView(world: World): unknown {
  const w = structuredClone(world) as Partial<World> & Pick<World, 'hosts'>;
  delete w.now;
  delete w.rng;
  for (const host of Object.values(w.hosts)) {
    const h = host as Partial<typeof host>;
    delete h.neigh;
    delete h.pmtu;
    for (const iface of host.ifaces) delete (iface as Partial<typeof iface>).stats;
    for (const table of [host.iptables.filter, host.iptables.nat]) {
      for (const chain of Object.values(table.chains)) {
        delete (chain as Partial<typeof chain>).policyCounters;
        for (const rule of chain.rules) delete (rule as Partial<typeof rule>).counters;
      }
    }
  }
  return w;
}
