// Who and where am I: whoami, id, hostname.
import { formatIp } from '../../sim/net/ip.js';
import { getopt, tryHelp } from '../getopt.js';
import type { CommandContext } from '../types.js';

const uidOf = (user: string) => (user === 'root' ? 0 : 1000);

/** Users that exist on the simulated hosts: root and the logged-in players. */
export const knownUser = (ctx: CommandContext, user: string) =>
  user === 'root' || user === ctx.session.user || ctx.session.stack.some((f) => f.user === user);

export function whoami(ctx: CommandContext): number {
  const r = getopt('whoami', ctx.argv.slice(1), { short: '' });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('whoami'));
    return 1;
  }
  if (r.operands.length > 0) {
    ctx.err(`whoami: extra operand ‘${r.operands[0]}’\n${tryHelp('whoami')}`);
    return 1;
  }
  ctx.out(ctx.session.user + '\n');
  return 0;
}

export function id(ctx: CommandContext): number {
  const r = getopt('id', ctx.argv.slice(1), {
    short: 'ugGnrz',
    long: [
      { name: 'zero', key: 'z', arg: 'none' },
      { name: 'user', key: 'u', arg: 'none' },
      { name: 'group', key: 'g', arg: 'none' },
      { name: 'groups', key: 'G', arg: 'none' },
      { name: 'name', key: 'n', arg: 'none' },
      { name: 'real', key: 'r', arg: 'none' },
    ],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('id'));
    return 1;
  }
  if (r.operands.length > 1) {
    ctx.err(`id: extra operand ‘${r.operands[1]}’\n${tryHelp('id')}`);
    return 1;
  }
  const user = r.operands[0] ?? ctx.session.user;
  if (!knownUser(ctx, user)) {
    ctx.err(`id: ‘${user}’: no such user\n`);
    return 1;
  }
  const keys = new Set(r.opts.map((o) => o.key));
  const which = ['u', 'g', 'G'].filter((k) => keys.has(k));
  if (keys.has('z') && which.length === 0) {
    ctx.err('id: option --zero not permitted in default format\n');
    return 1;
  }
  if (which.length > 1) {
    ctx.err(`id: cannot print "only" of more than one choice\n`);
    return 1;
  }
  if (which.length === 0 && (keys.has('n') || keys.has('r'))) {
    ctx.err(`id: cannot print only names or real IDs in default format\n`);
    return 1;
  }
  const uid = uidOf(user);
  if (which.length === 1) {
    ctx.out((keys.has('n') ? user : String(uid)) + (keys.has('z') ? '\0' : '\n'));
    return 0;
  }
  ctx.out(`uid=${uid}(${user}) gid=${uid}(${user}) groups=${uid}(${user})\n`);
  return 0;
}

const HOSTNAME_USAGE = `Usage: hostname [-b] {hostname|-F file}         set host name (from file)
       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name
       hostname                                 display host name

       {yp,nis,}domainname {nisdomain|-F file}  set NIS domain name (from file)
       {yp,nis,}domainname                      display NIS domain name

       dnsdomainname                            display dns domain name

       hostname -V|--version|-h|--help          print info and exit

Program name:
       {yp,nis,}domainname=hostname -y
       dnsdomainname=hostname -d

Program options:
    -a, --alias            alias names
    -A, --all-fqdns        all long host names (FQDNs)
    -b, --boot             set default hostname if none available
    -d, --domain           DNS domain name
    -f, --fqdn, --long     long host name (FQDN)
    -F, --file             read host name or NIS domain name from given file
    -i, --ip-address       addresses for the host name
    -I, --all-ip-addresses all addresses for the host
    -s, --short            short host name
    -y, --yp, --nis        NIS/YP domain name

Description:
   This command can get or set the host name or the NIS domain name. You can
   also get the DNS domain or the FQDN (fully qualified domain name).
   Unless you are using bind or NIS for host lookups you can change the
   FQDN (Fully Qualified Domain Name) and the DNS domain name (which is
   part of the FQDN) in the /etc/hosts file.
`;

/** Addresses /etc/hosts gives for `name` (what `hostname -i` resolves). */
function hostsFileAddrs(ctx: CommandContext, name: string): string[] {
  const text = ctx.host.files['/etc/hosts'] ?? '';
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const [addr, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (addr && names.includes(name)) out.push(addr);
  }
  return out;
}

export function hostname(ctx: CommandContext): number {
  const r = getopt('hostname', ctx.argv.slice(1), {
    short: 'aAbdfF:iIsyVh',
    long: [
      { name: 'short', key: 's', arg: 'none' },
      { name: 'fqdn', key: 'f', arg: 'none' },
      { name: 'long', key: 'f', arg: 'none' },
      { name: 'domain', key: 'd', arg: 'none' },
      { name: 'ip-address', key: 'i', arg: 'none' },
      { name: 'all-ip-addresses', key: 'I', arg: 'none' },
    ],
  });
  if (!r.ok) {
    ctx.err(r.error);
    ctx.out(HOSTNAME_USAGE);
    return 255;
  }
  const name = ctx.host.name;
  if (r.operands.length > 1) {
    ctx.err(HOSTNAME_USAGE);
    return 255;
  }
  if (r.operands.length === 1) {
    ctx.err(ctx.session.user === 'root'
      ? 'hostname: changing the host name is not supported in this simulation\n'
      : 'hostname: you must be root to change the host name\n');
    return 1;
  }
  const key = r.opts[r.opts.length - 1]?.key;
  if (key === 'I') {
    const addrs = ctx.host.ifaces
      .filter((i) => i.up && i.kind !== 'loopback')
      .flatMap((i) => i.addrs.map((a) => formatIp(a.ip) + ' '));
    ctx.out(addrs.join('') + '\n');
  } else if (key === 'i') {
    const addrs = hostsFileAddrs(ctx, name);
    if (addrs.length === 0) {
      ctx.err('hostname: Name or service not known\n');
      return 1;
    }
    ctx.out(addrs.join(' ') + ' \n');
  } else if (key === 'd') {
    ctx.out('\n');
  } else if (key === 's' || key === 'f' || key === undefined) {
    ctx.out((key === 's' ? name.split('.')[0] : name) + '\n');
  } else {
    ctx.err(`hostname: option -${key} is not supported in this simulation\n`);
    return 1;
  }
  return 0;
}

