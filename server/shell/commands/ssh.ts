// ssh (OpenSSH 9.2p1, Debian 12): resolve, TCP connect to port 22 through `probe`, then
// either open a login shell on the host that answered (pushed on the session's stack;
// `exit` pops it) or, with a command, run that line there. Keys are assumed known and
// accepted, so no host-key or password prompts. Messages end in \r\n like ssh's log().
import { formatIp } from '../../sim/net/ip.js';
import { pushLogin, newSession } from '../session.js';
import { execLine, registryOf } from '../shell.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { tcpConnect, ERRNO_TEXT } from './nc.js';
import { Clock, PING_INTERRUPT_US, lookupTarget, shortOptions } from './ping.js';

const OPTSTRING = '1246ab:c:e:fgi:kl:m:no:p:qstvxAB:CD:E:F:GI:J:KL:MNO:P:Q:R:S:TVw:W:XYy';

const USAGE = `usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]
           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]
           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]
           [-i identity_file] [-J [user@]host[:port]] [-L address]
           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]
           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]
           [-w local_tun[:remote_tun]] destination [command [argument ...]]
`;

const VERSION = 'OpenSSH_9.2p1 Debian-2+deb12u6, OpenSSL 3.0.19 27 Jan 2026\n';

const UNAME = '6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64';

/** Debian's stock /etc/motd, shown when the host has none of its own. */
const DEBIAN_MOTD = `
The programs included with the Debian GNU/Linux system are free software;
the exact distribution terms for each program are described in the
individual files in /usr/share/doc/*/copyright.

Debian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent
permitted by applicable law.
`;

/** `-o` keywords accepted (lower case); their values only matter for the ones read below. */
const KNOWN_OPTIONS = new Set([
  'batchmode', 'connecttimeout', 'connectionattempts', 'forwardagent', 'hostname', 'identityfile', 'loglevel', 'passwordauthentication',
  'port', 'pubkeyauthentication', 'requesttty', 'serveralivecountmax', 'serveraliveinterval', 'stricthostkeychecking', 'user',
  'userknownhostsfile', 'globalknownhostsfile', 'identitiesonly', 'controlmaster', 'controlpath', 'controlpersist', 'compression',
]);

const fail = (ctx: CommandContext, msg: string) => {
  ctx.err(msg + '\r\n');
  return 255;
};

function run(ctx: CommandContext): number {
  // Options stop at the destination, may follow it once, and stop again at the command.
  const before = shortOptions(ctx.argv.slice(1), OPTSTRING, true);
  const after = before.operands.length ? shortOptions(before.operands.slice(1), OPTSTRING, true) : { items: [], operands: [] };
  const items = before.items.some((i) => 'error' in i) ? before.items : [...before.items, ...after.items];
  const operands = before.operands.length ? [before.operands[0], ...after.operands] : [];
  let port = 22;
  let user: string | undefined;
  let timeoutUs = Infinity;
  for (const it of items) {
    if ('error' in it) {
      ctx.err(`${it.error === 'invalid' ? 'unknown option' : 'option requires an argument'} -- ${it.key}\r\n${USAGE}`);
      return 255;
    }
    const v = it.value ?? '';
    if (it.key === 'V') {
      ctx.err(VERSION);
      return 0;
    }
    if (it.key === 'l') user = v;
    else if (it.key === 'p') {
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 65535) {
        ctx.err(`Bad port '${v}'\n`);
        return 255;
      }
      port = Number(v);
    } else if (it.key === 'o') {
      const m = /^\s*([A-Za-z]+)\s*(?:=\s*|\s+)(.*)$/.exec(v);
      const key = m?.[1].toLowerCase();
      if (!m || !key || !KNOWN_OPTIONS.has(key)) return fail(ctx, `command-line: line 0: Bad configuration option: ${(m?.[1] ?? v).toLowerCase()}`);
      if (key === 'connecttimeout') {
        if (!/^\d+$/.test(m[2])) return fail(ctx, 'command-line line 0: invalid time value.');
        timeoutUs = Number(m[2]) > 0 ? Number(m[2]) * 1_000_000 : Infinity;
      } else if (key === 'port') {
        if (!/^\d+$/.test(m[2]) || Number(m[2]) < 1 || Number(m[2]) > 65535) return fail(ctx, `command-line line 0: Badly formatted port number.`);
        port = Number(m[2]);
      } else if (key === 'user') user ??= m[2];
    }
  }
  if (!operands.length) {
    ctx.err(USAGE);
    return 255;
  }
  const dest = operands[0];
  const at = dest.lastIndexOf('@');
  if (at >= 0) user = dest.slice(0, at);
  user ||= ctx.session.user;
  const host = dest.slice(at + 1).toLowerCase();
  const command = operands.slice(1).join(' ');

  const dst = lookupTarget(ctx, host);
  if (!dst.ok) return fail(ctx, `ssh: Could not resolve hostname ${host}: ${dst.message}`);
  const clock = new Clock(ctx);
  const c = tcpConnect(ctx, clock, dst.ip, port, timeoutUs);
  if (!c.ok) return fail(ctx, `ssh: connect to host ${host} port ${port}: ${'errno' in c ? ERRNO_TEXT[c.errno] : ERRNO_TEXT.ETIMEDOUT}`);
  const remote = `${formatIp(c.hit.dst)} port ${c.hit.dport}`;
  const app = c.hit.listener.app;
  if (app.kind !== 'ssh') {
    // Whatever answers is not sshd: it closes (or resets, or says nothing) instead of a banner.
    if (app.kind === 'tcp' && app.behaviour === 'reset') return fail(ctx, `kex_exchange_identification: read: Connection reset by peer\r\nConnection reset by ${remote}`);
    if (app.kind === 'tcp' && (app.behaviour === 'open' || app.behaviour === 'hang')) {
      if (timeoutUs === Infinity) {
        clock.advanceTo(clock.now + PING_INTERRUPT_US);
        ctx.err('^C\n');
        return 130;
      }
      clock.advanceTo(clock.now + timeoutUs);
      return fail(ctx, `Connection timed out during banner exchange\r\nConnection to ${remote} timed out`);
    }
    return fail(ctx, `kex_exchange_identification: Connection closed by remote host\r\nConnection closed by ${remote}`);
  }
  const target = ctx.world.hosts[c.hit.host];
  if (!target?.login) return fail(ctx, `${user}@${host}: Permission denied (publickey).`);
  if (command) return runRemote(ctx, c.hit.host, user, command);
  pushLogin(ctx.world, ctx.session, target.name, user, `Connection to ${host} closed.\r`);
  ctx.out(`Linux ${target.name} ${UNAME}\n${target.files['/etc/motd'] ?? DEBIAN_MOTD}`);
  return 0;
}

/** `ssh host cmd`: the remote shell runs the line; its output streams back as it happened. */
function runRemote(ctx: CommandContext, host: string, user: string, line: string): number {
  const registry = registryOf(ctx);
  if (!registry) return 255;
  const before = ctx.world.now;
  const r = execLine(ctx.world, newSession(ctx.world, host, user), line, registry);
  // execLine moved the world's clock already; replay the output on this command's clock instead.
  ctx.world.now = before;
  let at = 0;
  for (const chunk of r.chunks) {
    ctx.wait(chunk.at - at);
    at = chunk.at;
    if (chunk.fd === 1) ctx.out(chunk.text);
    else ctx.err(chunk.text);
  }
  ctx.wait(r.elapsedMs - at);
  return r.exit;
}

export const sshCommands: Record<string, CommandSpec> = {
  ssh: { run, summary: 'log in to another host (OpenSSH client)' },
};
