// The fault library: every fault type by id, and applying a scenario's faults to a world.
import { Rng } from '../../sim/rng.js';
import type { World } from '../../sim/world/types.js';
import { natGatewayRouteMissing, routeTableWrongTarget, securityGroupMissingPort } from './cloud.js';
import { dnatWrongPort, iptablesDrop, iptablesReject, snatMissing } from './firewall.js';
import { duplicateIp, linkDown, nicDown, trunkVlanMissing, vlanMismatch, wrongPrefix } from './link.js';
import { blackholeRoute, forwardingOff, missingReturnRoute, missingRoute, staleStaticRoute, wrongDefaultGateway } from './routing.js';
import {
  diskFull, dnsServerDown, serviceCrashed, serviceLoopbackOnly, serviceStopped, serviceWrongPort, staleHostsEntry, wrongResolvConf,
} from './service.js';
import { K8S_FAULTS } from './k8s.js';
import { CROSS_FAULTS } from './cross.js';
import { zodIssues, type Issue } from '../issues.js';
import { FaultError, type FaultType, type Touch } from './types.js';

export { FaultError, type FaultType, type Touch } from './types.js';

const LIBRARY = [
  nicDown, linkDown, wrongPrefix, duplicateIp, vlanMismatch, trunkVlanMissing,
  missingRoute, missingReturnRoute, wrongDefaultGateway, forwardingOff, blackholeRoute, staleStaticRoute,
  iptablesDrop, iptablesReject, dnatWrongPort, snatMissing,
  natGatewayRouteMissing, routeTableWrongTarget, securityGroupMissingPort,
  dnsServerDown, wrongResolvConf, staleHostsEntry,
  serviceStopped, serviceCrashed, serviceLoopbackOnly, serviceWrongPort, diskFull,
  ...K8S_FAULTS,
  ...CROSS_FAULTS,
] as FaultType<unknown>[];

export const FAULTS: Record<string, FaultType<unknown>> = Object.fromEntries(LIBRARY.map((f) => [f.id, f]));

/** A fault as injected into one world: its type, concrete parameters, report line and touches. */
export interface InjectedFault {
  type: string;
  params: Record<string, unknown>;
  description: string;
  touches: Touch[];
}

export type ParamsCheck = { ok: true; params: Record<string, unknown> } | { ok: false; issues: Issue[] };

/** Validates a fault's parameters against its type's schema (defaults filled in). */
export function checkParams(type: string, params: unknown): ParamsCheck {
  const f = FAULTS[type];
  if (!f) return { ok: false, issues: [{ path: [], message: `unknown fault type "${type}"` }] };
  const r = f.params.safeParse(params ?? {});
  if (r.success) return { ok: true, params: r.data as Record<string, unknown> };
  return { ok: false, issues: zodIssues(r.error.issues) };
}

/**
 * Injects one fault. It happened a little before the page went out: journal lines and unit
 * times it leaves are stamped `atMs` (negative: before the game's clock starts).
 * Throws FaultError when the parameters do not fit the world.
 */
export function injectFault(world: World, type: string, rawParams: unknown, rng: Rng, atMs: number): InjectedFault {
  const checked = checkParams(type, rawParams);
  if (!checked.ok) throw new FaultError(checked.issues.map((i) => i.message).join('; '));
  const f = FAULTS[type];
  const params = (f.choose ? f.choose(world, checked.params, rng) : checked.params) as Record<string, unknown>;
  const now = world.now;
  world.now = atMs;
  try {
    const touches = f.apply(world, params, rng);
    return { type, params, description: f.describe(params), touches };
  } finally {
    world.now = now;
  }
}

