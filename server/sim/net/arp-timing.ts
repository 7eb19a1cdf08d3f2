// How long the kernel takes to give up on a silent neighbour: what every tool that sends
// to an address on its own link sees when nothing answers ARP.
import type { ProbeResult } from './engine.js';

/** The kernel resolves a silent neighbour with 3 ARP probes a second apart: packets sent in
 *  that window wait in its queue, then all fail together ~54 ms later (timer slack). */
export const ARP_QUEUE_US = 3_000_000;
export const ARP_FAIL_US = 3_054_000;

/** Host unreachable from the sender's own address: ARP got no answer on the local link. */
export const isArpFailure = (r: ProbeResult): boolean => r.kind === 'icmp' && r.type === 'host-unreachable' && r.from === r.src;
