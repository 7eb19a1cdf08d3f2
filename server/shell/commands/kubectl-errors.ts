// kubectl's error reporting: usage errors from cobra (`Error: ...` + a help hint),
// API Status errors (`Error from server (NotFound): ...`, cmdutil.StandardErrorMessage),
// plain errors (`error: ...`), and what an unreachable API server looks like.
import { formatIp } from '../../sim/net/ip.js';
import type { CommandContext } from '../types.js';
import type { Status } from '../../sim/k8s/apiserver.js';
import { wallMs } from '../../sim/clock.js';
import { klogHeader } from '../../sim/k8s/controllers/klog.js';

const DEFAULT_ERROR_EXIT = 1;

/** A cobra flag/usage error: `Error: <msg>` and `See 'kubectl <cmd> --help' for usage.` */
export function usageError(ctx: CommandContext, command: string, msg: string): number {
  ctx.err(`Error: ${msg}\nSee '${command} --help' for usage.\n`);
  return DEFAULT_ERROR_EXIT;
}

/** cmdutil.CheckErr for a non-API error: `error: <msg>`. */
export function plainError(ctx: CommandContext, msg: string): number {
  ctx.err(msg.startsWith('error: ') || msg.startsWith('Unable to connect to the server: ') ? `${msg}\n` : `error: ${msg}\n`);
  return DEFAULT_ERROR_EXIT;
}

/** An error collected while running: an API Status or a plain message. */
export type KubeError = { status: Status } | { message: string };

/** How CheckErr prints a single 422 Invalid: `The Deployment "web" is invalid: <field>: <cause>`, one `* ` line per cause when several. */
function invalidText(s: Status): string {
  const d = s.details;
  if (!d) return 'The request is invalid';
  const head = d.kind || d.name ? `The ${d.kind ?? ''} "${d.name ?? ''}" is invalid` : 'The request is invalid';
  const causes = [...new Set((d.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message ?? ''}`))];
  if (causes.length === 0) return head;
  if (causes.length === 1) return `${head}: ${causes[0]}`;
  return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
}

/** StandardErrorMessage of one error. */
function errorText(e: KubeError): string {
  if ('message' in e) return e.message;
  const s = e.status;
  if (s.reason === 'Unauthorized') return `error: You must be logged in to the server (${s.message})`;
  return s.reason ? `Error from server (${s.reason}): ${s.message}` : `Error from server: ${s.message}`;
}

/** Reports collected errors like cmdutil.CheckErr does with an aggregate; returns the exit code. */
export function reportErrors(ctx: CommandContext, errors: KubeError[]): number {
  if (errors.length === 0) return 0;
  if (errors.length === 1) {
    const e = errors[0];
    if ('status' in e && e.status.reason === 'Invalid') {
      ctx.err(invalidText(e.status) + '\n');
      return DEFAULT_ERROR_EXIT;
    }
    ctx.err(('message' in e && !e.message.startsWith('error: ') ? `error: ${e.message}` : errorText(e)) + '\n');
  } else {
    ctx.err(errors.map((e) => errorText(e) + '\n').join(''));
  }
  return DEFAULT_ERROR_EXIT;
}

/** A klog error line as kubectl's main prints a failed command: `E1123 09:00:00.123456   12345 run.go:72] "command failed" err="..."`. */
export function commandFailed(ctx: CommandContext, err: string): number {
  const pid = 1000 + Math.floor(ctx.random() * 60000);
  const us = wallMs(ctx.world.now) * 1000 + 60_000 + Math.floor(ctx.random() * 20_000);
  ctx.err(`${klogHeader('E', us, pid, 'run.go:72')}"command failed" err=${JSON.stringify(err)}\n`);
  return DEFAULT_ERROR_EXIT;
}

/** The host:port kubectl names for a server URL (`localhost:8080`, `10.0.10.10:6443`). */
export function hostPort(server: string): string {
  const u = new URL(server);
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
}

/**
 * What kubectl prints when nothing listens at the API server address: `discoveryTries`
 * memcache.go error lines (0 for commands that skip discovery) and the refusal message.
 */
export function connectionRefused(ctx: CommandContext, server: string, discoveryTries: number): number {
  const hp = hostPort(server);
  const u = new URL(server);
  const dialIp = u.hostname === 'localhost' ? formatIp(0x7f000001) : u.hostname;
  const port = hp.split(':')[1];
  const pid = 1000 + Math.floor(ctx.random() * 60000);
  let us = wallMs(ctx.world.now) * 1000 + 180_000 + Math.floor(ctx.random() * 20_000);
  let lines = '';
  for (let i = 0; i < discoveryTries; i++) {
    lines += `${klogHeader('E', us, pid, 'memcache.go:265')}"Unhandled Error" err="couldn't get current server API group list: Get \\"${u.protocol}//${hp}/api?timeout=32s\\": dial tcp ${dialIp}:${port}: connect: connection refused"\n`;
    us += 1300 + Math.floor(ctx.random() * 200);
  }
  ctx.err(`${lines}The connection to the server ${hp} was refused - did you specify the right host or port?\n`);
  return DEFAULT_ERROR_EXIT;
}
