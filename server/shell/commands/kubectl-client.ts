// Where kubectl connects and in which namespace: the kubeconfig ($KUBECONFIG, --kubeconfig
// or ~/.kube/config in the host's files), the current context (`kubectl config
// use-context` keeps it per player in the session env), and the API server behind it.
// For now a kubeconfig that names the world's API server reaches the store directly.
import { parse as parseYaml } from 'yaml';
import { serve, type ApiRequest, type ApiResponse } from '../../sim/k8s/apiserver.js';
import { probe } from '../../sim/net/engine.js';
import { parseIp } from '../../sim/net/ip.js';
import { resolvePath } from '../files.js';
import { homeOf } from '../session.js';
import type { CommandContext } from '../types.js';
import { flagString, type ParsedFlags } from './kubectl-flags.js';
import { hostPort } from './kubectl-errors.js';

/** Session env keys for per-player `kubectl config` state (the kubeconfig file is shared by all players). */
export const ENV_CONTEXT = 'KUBECTL_CONTEXT';
export const ENV_NAMESPACE = 'KUBECTL_NAMESPACE';

export interface KubeContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

export interface Kubeconfig {
  path: string;
  currentContext: string;
  contexts: KubeContext[];
  clusters: { name: string; server: string }[];
}

export type KubeconfigResult = { ok: true; config: Kubeconfig | undefined } | { ok: false; error: string };

function asList(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Record<string, unknown>[]) : [];
}

/** Reads the kubeconfig kubectl would use; `config` is undefined when there is none. */
/** Parsed kubeconfig texts: every kubectl command reads the file again (a cache; documents are only read). */
const kubeconfigs = new Map<string, { ok: true; doc: Record<string, unknown> } | { ok: false; error: string }>();

function parseKubeconfigText(text: string): { ok: true; doc: Record<string, unknown> } | { ok: false; error: string } {
  let r = kubeconfigs.get(text);
  if (!r) {
    try {
      r = { ok: true, doc: (parseYaml(text) ?? {}) as Record<string, unknown> };
    } catch (e) {
      r = { ok: false, error: (e as Error).message.split('\n')[0] };
    }
    if (kubeconfigs.size >= 64) kubeconfigs.clear();
    kubeconfigs.set(text, r);
  }
  return r;
}

export function readKubeconfig(ctx: CommandContext, flags: ParsedFlags): KubeconfigResult {
  const env = ctx.session.env;
  const home = env.HOME ?? homeOf(ctx.session.user);
  const explicit = flagString(flags, 'kubeconfig');
  const candidates = explicit ? [explicit] : env.KUBECONFIG ? env.KUBECONFIG.split(':').filter(Boolean) : [`${home}/.kube/config`];
  for (const c of candidates) {
    const path = resolvePath(ctx.session.cwd, c);
    const text = ctx.host.files[path];
    if (text === undefined) {
      if (explicit) return { ok: false, error: `stat ${c}: no such file or directory` };
      continue;
    }
    const parsed = parseKubeconfigText(text);
    if (!parsed.ok) return { ok: false, error: `error loading config file "${path}": ${parsed.error}` };
    const doc = parsed.doc;
    const contexts = asList(doc.contexts).map((c) => {
      const inner = (c.context ?? {}) as Record<string, unknown>;
      return { name: String(c.name ?? ''), cluster: String(inner.cluster ?? ''), user: String(inner.user ?? ''), namespace: inner.namespace === undefined ? undefined : String(inner.namespace) };
    });
    const clusters = asList(doc.clusters).map((c) => ({ name: String(c.name ?? ''), server: String(((c.cluster ?? {}) as Record<string, unknown>).server ?? '') }));
    return { ok: true, config: { path, currentContext: String(doc['current-context'] ?? ''), contexts, clusters } };
  }
  return { ok: true, config: undefined };
}

/** The context in use: --context, else the player's `use-context`, else the file's current-context. */
export function currentContextName(ctx: CommandContext, flags: ParsedFlags, config: Kubeconfig | undefined): string {
  return flagString(flags, 'context') ?? ctx.session.env[ENV_CONTEXT] ?? config?.currentContext ?? '';
}

export interface KubeClient {
  ctx: CommandContext;
  flags: ParsedFlags;
  /** The namespace requests go to (`-n`, the context's namespace, or `default`). */
  namespace: string;
  /** The namespace came from `-n` (kubectl's EnforceNamespace). */
  explicitNamespace: boolean;
  server: string;
  api(req: ApiRequest): ApiResponse;
}

export type ConnectResult = { ok: true; client: KubeClient } | { ok: false; refused: string } | { ok: false; error: string };

/** Resolves server and namespace; fails when the API server cannot be reached. */
export function connect(ctx: CommandContext, flags: ParsedFlags): ConnectResult {
  const kc = readKubeconfig(ctx, flags);
  if (!kc.ok) return { ok: false, error: kc.error };
  const config = kc.config;
  const ctxName = currentContextName(ctx, flags, config);
  const context = config?.contexts.find((c) => c.name === ctxName);
  if (config && ctxName && !context && flagString(flags, 'context') !== undefined) {
    return { ok: false, error: `context was not found for specified context: ${ctxName}` };
  }
  const cluster = config?.clusters.find((c) => c.name === context?.cluster);
  const server = flagString(flags, 'server') ?? cluster?.server ?? 'http://localhost:8080';
  const explicit = flagString(flags, 'namespace');
  const sessionNs = ctxName === (ctx.session.env[ENV_CONTEXT] ?? config?.currentContext) ? ctx.session.env[ENV_NAMESPACE] : undefined;
  const namespace = explicit || sessionNs || context?.namespace || 'default';
  const cl = ctx.world.cluster;
  let reachable = false;
  try {
    reachable = !!cl && hostPort(server) === hostPort(cl.info.server);
  } catch {
    reachable = false;
  }
  if (!reachable) return { ok: false, refused: /^[a-z]+:\/\//.test(server) ? server : `https://${server}` };
  const dialed = dialApiServer(ctx, server);
  if (dialed !== 'ok') return dialed;
  return { ok: true, client: { ctx, flags, namespace, explicitNamespace: !!explicit, server, api: (req) => (etcdUp(ctx) ? serve(ctx.world, req) : ETCD_TIMEOUT) } };
}

const ETCD_TIMEOUT: ApiResponse = { status: 500, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'etcdserver: request timed out', reason: '', code: 500 } };

/** etcd answers the API server (a cluster without a simulated control plane always does). */
function etcdUp(ctx: CommandContext): boolean {
  const rt = ctx.world.cluster?.runtime;
  return !rt || rt.config.controlPlane.some((h) => ctx.world.hosts[h]?.units.etcd?.state === 'active');
}

/**
 * On a cluster whose control plane runs on the world's hosts, a TCP connection from this
 * host to the API server: refused when kube-apiserver is down, a timeout when the network drops it.
 */
function dialApiServer(ctx: CommandContext, server: string): 'ok' | ConnectResult {
  const rt = ctx.world.cluster?.runtime;
  if (!rt) return 'ok';
  const { ip, port } = rt.config.apiServer;
  const r = probe(ctx.world, ctx.host.name, { dst: parseIp(ip)!, proto: 'tcp', dport: port });
  if (r.kind === 'reply' && r.tcp === 'syn-ack' && r.service) return 'ok';
  const refused = /^[a-z]+:\/\//.test(server) ? server : `https://${server}`;
  if (r.kind === 'reply' || (r.kind === 'icmp' && r.type === 'port-unreachable')) return { ok: false, refused };
  const why = r.kind === 'timeout' ? 'i/o timeout' : r.kind === 'local' ? 'connect: network is unreachable' : 'connect: no route to host';
  if (r.kind === 'timeout') ctx.wait(30_000);
  return { ok: false, error: `Unable to connect to the server: dial tcp ${ip}:${port}: ${why}` };
}
