// What a command can be said to have changed: the world's configuration and running state,
// without what traffic and time change by themselves (clock, PRNG, counters, interface
// statistics, ARP cache, learned path MTUs, journals) and without home directories that
// logging in creates.
import type { World } from '../sim/world/types.js';

export function configView(world: World): unknown {
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
    for (const unit of Object.values(host.units)) delete (unit as Partial<typeof unit>).journal;
    for (const path of Object.keys(host.files)) if (path.endsWith('/') && host.files[path] === '') delete host.files[path];
  }
  return w;
}

/** A string that differs exactly when configView differs. */
export const configPrint = (world: World) => JSON.stringify(configView(world));
