// kubectl v1.32: finds the subcommand the way cobra does (global flags may come first),
// runs it, and answers unknown commands with cobra's error and suggestions.
import type { CommandContext, CommandSpec } from '../types.js';
import { runApply } from './kubectl-apply.js';
import { runAutoscale } from './kubectl-autoscale.js';
import { runConfig } from './kubectl-config.js';
import { runCreate } from './kubectl-create.js';
import { runDelete } from './kubectl-delete.js';
import { runAnnotate, runLabel } from './kubectl-label.js';
import { runEdit } from './kubectl-edit.js';
import { runExpose } from './kubectl-expose.js';
import { runCordonCmd, runDrain, runTaint, runUncordonCmd } from './kubectl-node.js';
import { runPatch } from './kubectl-patch.js';
import { runRollout } from './kubectl-rollout.js';
import { runScale } from './kubectl-scale.js';
import { runSet } from './kubectl-set.js';
import { runDescribe } from './kubectl-describe.js';
import { usageError } from './kubectl-errors.js';
import { GLOBAL_FLAGS } from './kubectl-flags.js';
import { runGet } from './kubectl-get.js';
import { COMMAND_NAMES, ROOT_HELP } from './kubectl-help.js';
import { runApiResources, runClusterInfo, runVersion } from './kubectl-info.js';
import { runExec } from './kubectl-exec.js';
import { runExplain } from './kubectl-explain.js';
import { runLogs } from './kubectl-logs.js';
import { runPortForward } from './kubectl-port-forward.js';
import { runTop } from './kubectl-top.js';
import { verbOf } from './reads.js';

/** Subcommands by name; each gets the arguments after the subcommand (global flags included). */
const SUBCOMMANDS: Record<string, (ctx: CommandContext, args: string[]) => number> = {
  get: runGet,
  describe: runDescribe,
  explain: runExplain,
  version: runVersion,
  'cluster-info': runClusterInfo,
  'api-resources': runApiResources,
  config: runConfig,
  apply: runApply,
  create: runCreate,
  delete: runDelete,
  label: runLabel,
  annotate: runAnnotate,
  patch: runPatch,
  scale: runScale,
  autoscale: runAutoscale,
  set: runSet,
  rollout: runRollout,
  expose: runExpose,
  cordon: runCordonCmd,
  uncordon: runUncordonCmd,
  drain: runDrain,
  taint: runTaint,
  edit: runEdit,
  logs: runLogs,
  exec: runExec,
  'port-forward': runPortForward,
  top: runTop,
};

/** Levenshtein distance, case-insensitive (cobra's ld(s, t, true)). */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
  }
  return d[s.length][t.length];
}

/** Suggests only commands the simulator implements (in cobra's order), never one it would reject. */
function unknownCommand(ctx: CommandContext, name: string): number {
  const suggestions = COMMAND_NAMES.filter((c) => c in SUBCOMMANDS && (distance(name, c) <= 2 || c.startsWith(name.toLowerCase())));
  let msg = `Error: unknown command "${name}" for "kubectl"\n`;
  if (suggestions.length) msg += `\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}\n`;
  ctx.err(msg);
  return 1;
}

/** Splits argv into the subcommand and the rest, skipping global flags (and their values) before it. */
function findSubcommand(args: string[]): { sub?: string; rest: string[]; badFlag?: string } {
  const takesValue = new Set(GLOBAL_FLAGS.filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));
  const known = new Set(GLOBAL_FLAGS.flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (!a.startsWith('-')) return { sub: a, rest: [...args.slice(0, i), ...args.slice(i + 1)] };
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (!known.has(name) && !(name.length > 2 && !name.startsWith('--') && known.has(name.slice(0, 2)))) return { rest: args, badFlag: a };
    if (takesValue.has(a)) i++;
  }
  return { rest: args };
}

function run(ctx: CommandContext): number {
  const { sub, rest, badFlag } = findSubcommand(ctx.argv.slice(1));
  if (badFlag) return usageError(ctx, 'kubectl', `unknown flag: ${badFlag.split('=')[0]}`);
  if (sub === undefined) {
    ctx.out(ROOT_HELP);
    return 0;
  }
  const handler = SUBCOMMANDS[sub];
  if (!handler) return unknownCommand(ctx, sub);
  return handler(ctx, rest);
}

/** kubectl's global options that take a value (before the verb). */
const KUBECTL_VALUE_OPTIONS = ['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--as', '--as-group', '--token', '-v', '--v', '--request-timeout', '--certificate-authority', '--client-certificate', '--client-key', '--cache-dir', '--password', '--username', '--tls-server-name'];
const KUBECTL_READS = new Set(['get', 'describe', 'logs', 'top', 'version', 'api-resources', 'api-versions', 'explain', 'events']);
const KUBECTL_CONFIG_READS = new Set(['view', 'get-contexts', 'current-context', 'get-clusters', 'get-users']);

/** `kubectl get|describe|logs|...` and `kubectl config view|get-contexts|...` only read. */
function kubectlReads(argv: string[]): boolean {
  const verb = verbOf(argv, KUBECTL_VALUE_OPTIONS, true);
  if (verb === 'config') return KUBECTL_CONFIG_READS.has(verbOf(argv.filter((a) => a !== 'config'), KUBECTL_VALUE_OPTIONS, true) ?? '-');
  return verb !== undefined && KUBECTL_READS.has(verb);
}

/** Only `kubectl port-forward` keeps running in the background (`&`). */
const kubectlBackground = (argv: string[]) => verbOf(argv, KUBECTL_VALUE_OPTIONS, true) === 'port-forward';

export const kubectlCommands: Record<string, CommandSpec> = {
  kubectl: { reads: kubectlReads, background: kubectlBackground, run, summary: 'control the Kubernetes cluster (get, describe, apply, create, delete, edit, patch, scale, rollout, ...)' },
};
