// What kubectl's write commands share: opening the client with a command's flags (usage
// errors, --help, an unreachable server), REST calls on one object, the NamePrinter's
// `deployment.apps/web scaled` lines and the `(dry run)` suffix.
import type { ApiRequest, ApiResponse, Status } from '../../sim/k8s/apiserver.js';
import type { ResourceType } from '../../sim/k8s/resources.js';
import type { CommandContext } from '../types.js';
import { kindPrefix } from './kubectl-args.js';
import { connect, type KubeClient } from './kubectl-client.js';
import { connectionRefused, plainError, usageError, type KubeError } from './kubectl-errors.js';
import { flagString, GLOBAL_FLAGS, parseFlags, type FlagSpec, type ParsedFlags } from './kubectl-flags.js';
import { printHelp } from './kubectl-help-commands.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export function apiPath(t: ResourceType, namespace: string | undefined, name?: string, subresource?: string): string {
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const ns = t.namespaced && namespace ? `/namespaces/${namespace}` : '';
  return `${base}${ns}/${t.resource}${name ? `/${encodeURIComponent(name)}` : ''}${subresource ? `/${subresource}` : ''}`;
}

export const isSuccess = (res: ApiResponse) => res.status >= 200 && res.status < 300;
export const apiError = (res: ApiResponse): KubeError => ({ status: res.body as Status });

export interface Opened {
  client: KubeClient;
  flags: ParsedFlags;
}

/**
 * Parses a command's flags and connects. Returns the exit status when it is already
 * decided: a usage error, --help, or an unreachable API server (`discovery` memcache lines first).
 */
export function open(ctx: CommandContext, argv: string[], command: string, flagSpecs: FlagSpec[], discovery: number): Opened | number {
  const parsed = parseFlags(argv, [...GLOBAL_FLAGS, ...flagSpecs]);
  if (!parsed.ok) return usageError(ctx, `kubectl ${command}`, parsed.error);
  if (parsed.flags.values.get('help') === true) return printHelp(ctx, command);
  return connectWith(ctx, parsed.flags, discovery);
}

export function connectWith(ctx: CommandContext, flags: ParsedFlags, discovery: number): Opened | number {
  const conn = connect(ctx, flags);
  if (!conn.ok) return 'refused' in conn ? connectionRefused(ctx, conn.refused, discovery) : plainError(ctx, conn.error);
  return { client: conn.client, flags };
}

export function getObj(client: KubeClient, t: ResourceType, namespace: string | undefined, name: string): { ok: true; obj: Obj } | { ok: false; res: ApiResponse } {
  const res = client.api({ path: apiPath(t, namespace, name) });
  return res.status === 200 ? { ok: true, obj: res.body as Obj } : { ok: false, res };
}

/** `--dry-run`: none, client or server (kubectl's flag values and error). */
export function dryRunMode(flags: ParsedFlags): { ok: true; mode: 'none' | 'client' | 'server' } | { ok: false; error: string } {
  const v = flagString(flags, 'dry-run');
  if (v === undefined || v === 'none' || v === 'false') return { ok: true, mode: 'none' };
  if (v === 'client' || v === 'true' || v === 'unchanged') return { ok: true, mode: 'client' };
  if (v === 'server') return { ok: true, mode: 'server' };
  return { ok: false, error: `Invalid dry-run value (${v}). Must be "none", "server", or "client".` };
}

export const DRY_RUN_FLAG: FlagSpec = { name: 'dry-run', type: 'string' };

/** The NamePrinter's line: `deployment.apps/web created`, with ` (dry run)` / ` (server dry run)`. */
export function printedName(t: ResourceType, name: string, operation: string, dryRun: 'none' | 'client' | 'server' = 'none'): string {
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  return `${kindPrefix(t)}/${name} ${operation}${suffix}\n`;
}

/** Sends a request with the query parameters every kubectl write adds. */
export function write(client: KubeClient, req: ApiRequest, fieldManager: string, dryRun: 'none' | 'client' | 'server' = 'none'): ApiResponse {
  const query: Record<string, string> = { ...(req.query ?? {}) };
  if (dryRun === 'server') query.dryRun = 'All';
  if (req.method !== 'DELETE') query.fieldManager = fieldManager;
  if (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH') query.fieldValidation ??= 'Strict';
  return client.api({ ...req, query });
}
