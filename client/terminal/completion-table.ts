// What Tab completes, as data: each command's subcommands, flags, and what its arguments and
// option values are (literal words, or a category of names the player has already seen).

/** Names learnt from the player's own output (see seen.ts). */
export type Category = 'host' | 'ip' | 'target' | 'iface' | 'unit' | 'namespace' | 'kind' | 'object' | 'url' | 'file' | 'command';

export type Slot = Category | readonly string[];

export interface Spec {
  sub?: Record<string, Spec>;
  flags?: readonly string[];
  /** A flag or keyword whose next word is a value: what that value completes to. */
  values?: Record<string, Slot>;
  /** Positional arguments in order; the last one repeats. */
  args?: readonly Slot[];
}

export const KNOWN_FILES = ['/etc/hosts', '/etc/resolv.conf', '/etc/hostname', '/etc/nsswitch.conf', '/proc/sys/net/ipv4/ip_forward'];

const route: Spec = {
  args: [['default', 'via', 'dev', 'src', 'metric', 'table', 'proto', 'scope', 'blackhole'], 'ip'],
  values: { via: 'ip', dev: 'iface', src: 'ip', table: ['main', 'local', 'all'], to: 'ip', from: 'ip', oif: 'iface', iif: 'iface' },
};
const routeSpec: Spec = {
  // One object per subcommand: completion lists aliases (names sharing one Spec) once.
  sub: Object.fromEntries(['show', 'add', 'del', 'replace', 'change', 'get', 'flush'].map((v) => [v, { ...route }])),
  values: route.values,
};
const addrOne: Spec = { args: ['ip', ['dev', 'label', 'brd', 'scope']], values: { dev: 'iface', scope: ['global', 'link', 'host'] } };
const addrSpec: Spec = { sub: { show: { args: [['dev', 'up'], 'iface'], values: { dev: 'iface' } }, add: addrOne, del: { ...addrOne }, flush: { args: [['dev'], 'iface'], values: { dev: 'iface' } } } };
const linkSpec: Spec = {
  sub: {
    show: { args: [['dev', 'up'], 'iface'], values: { dev: 'iface' } },
    set: { args: ['iface', ['up', 'down', 'mtu', 'master', 'nomaster', 'address', 'name']], values: { dev: 'iface', master: 'iface' } },
    add: { args: [['link', 'name', 'type']], values: { link: 'iface', type: ['vlan', 'bridge', 'dummy', 'veth'] } },
    del: { args: ['iface'] },
  },
};
const neighSpec: Spec = { sub: { show: { args: [['dev'], 'iface'], values: { dev: 'iface' } }, flush: { args: [['dev', 'all'], 'iface'], values: { dev: 'iface' } } } };
const ruleSpec: Spec = { sub: { show: {}, add: { args: [['from', 'to', 'table', 'priority', 'iif', 'oif']] }, del: { args: [['from', 'to', 'table', 'priority']] } } };

const kubeFlags = ['-n', '--namespace', '-A', '--all-namespaces', '-o', '--output', '-l', '--selector', '-w', '--watch', '-f', '--filename', '--show-labels', '-h', '--help'];
const kubeValues: Record<string, Slot> = {
  '-n': 'namespace', '--namespace': 'namespace', '-o': ['wide', 'yaml', 'json', 'name', 'jsonpath=', 'custom-columns='], '--output': ['wide', 'yaml', 'json', 'name'], '-f': 'file', '--filename': 'file',
};
const kubeObj = (extraFlags: string[] = []): Spec => ({ args: ['kind', 'object'], flags: [...kubeFlags, ...extraFlags], values: kubeValues });

const unitVerbs = ['status', 'start', 'stop', 'restart', 'try-restart', 'reload', 'reload-or-restart', 'enable', 'disable', 'is-active', 'is-failed', 'is-enabled', 'reset-failed'];

export const COMMANDS: Record<string, Spec> = {
  ip: {
    flags: ['-4', '-6', '-br', '-brief', '-d', '-details', '-s', '-stats', '-c', '-color', '-o', '-oneline', '-j', '-json', '-p', '-pretty'],
    sub: { address: addrSpec, addr: addrSpec, a: addrSpec, link: linkSpec, l: linkSpec, route: routeSpec, r: routeSpec, ro: routeSpec, neigh: neighSpec, n: neighSpec, rule: ruleSpec, ru: ruleSpec },
  },
  bridge: { sub: { link: { sub: { show: {} } }, vlan: { sub: { show: {} } }, fdb: { sub: { show: {} } } } },
  brctl: { sub: { show: {}, showmacs: {} } },
  ping: { flags: ['-c', '-i', '-W', '-w', '-s', '-t', '-I', '-n', '-q', '-M', '-4'], values: { '-I': 'iface', '-M': ['do', 'want', 'dont'] }, args: ['target'] },
  traceroute: { flags: ['-n', '-I', '-T', '-U', '-p', '-m', '-q', '-w', '-f', '-F', '-i', '-s', '-4'], values: { '-i': 'iface' }, args: ['target'] },
  curl: {
    flags: ['-s', '-S', '-v', '-I', '-i', '-L', '-k', '-o', '-w', '-H', '-X', '-d', '-m', '-u', '-A', '--connect-timeout', '--max-time', '--resolve', '--fail', '-f', '--head', '--silent', '--verbose', '--include'],
    values: { '-X': ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'], '-o': ['/dev/null'] },
    args: ['url'],
  },
  nc: { flags: ['-z', '-v', '-w', '-u', '-n'], args: ['target'] },
  netcat: { flags: ['-z', '-v', '-w', '-u', '-n'], args: ['target'] },
  ssh: { flags: ['-p', '-l', '-i', '-o'], args: ['host', 'command'] },
  dig: { flags: ['+short', '+trace', '+noall', '+answer', '+tcp', '-x', '-p', '@'], args: ['host', ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'PTR', 'SOA', 'TXT', 'ANY']] },
  nslookup: { args: ['host', 'ip'] },
  host: { flags: ['-t', '-a'], values: { '-t': ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'PTR', 'SOA', 'TXT'] }, args: ['host'] },
  getent: { args: [['hosts', 'ahosts', 'ahostsv4', 'passwd', 'services'], 'host'] },
  iptables: {
    flags: ['-L', '-S', '-A', '-I', '-D', '-R', '-F', '-Z', '-N', '-X', '-P', '-t', '-n', '-v', '-x', '-p', '-s', '-d', '-i', '-o', '-j', '-m', '--line-numbers', '--dport', '--sport', '--to-destination', '--to-source', '--ctstate', '--state', '--reject-with', '--list', '--append', '--insert', '--delete'],
    values: {
      '-t': ['filter', 'nat', 'mangle', 'raw'], '-p': ['tcp', 'udp', 'icmp', 'all'], '-j': ['ACCEPT', 'DROP', 'REJECT', 'DNAT', 'SNAT', 'MASQUERADE', 'LOG', 'RETURN'],
      '-m': ['conntrack', 'state', 'tcp', 'udp', 'multiport', 'comment'], '-i': 'iface', '-o': 'iface', '-s': 'ip', '-d': 'ip',
      '--reject-with': ['icmp-port-unreachable', 'icmp-host-unreachable', 'icmp-net-unreachable', 'icmp-admin-prohibited', 'tcp-reset'],
    },
    args: [['INPUT', 'OUTPUT', 'FORWARD', 'PREROUTING', 'POSTROUTING']],
  },
  'iptables-save': { flags: ['-t', '-c'], values: { '-t': ['filter', 'nat', 'mangle', 'raw'] } },
  'iptables-restore': { flags: ['-n', '-t'], args: ['file'] },
  ss: { flags: ['-t', '-u', '-l', '-n', '-p', '-a', '-4', '-s', '-tlnp', '-tunlp', '-ltn', '-tan'] },
  netstat: { flags: ['-t', '-u', '-l', '-n', '-p', '-a', '-r', '-i', '-tlnp', '-tunlp', '-rn'] },
  sysctl: { flags: ['-a', '-w', '-p', '-n'], args: [['net.ipv4.ip_forward', 'net.ipv4.conf.all.rp_filter', 'net.ipv4.conf.all.forwarding']] },
  systemctl: { flags: ['--no-pager', '-a', '--all', '--failed', '--type', '--state', '-l'], sub: Object.fromEntries([...unitVerbs.map((v) => [v, { args: ['unit'] }]), ['list-units', {}], ['daemon-reload', {}]]) },
  journalctl: { flags: ['-u', '-n', '-f', '-e', '-x', '-r', '-k', '-t', '-o', '-q', '--no-pager', '--since', '--unit'], values: { '-u': 'unit', '--unit': 'unit', '-o': ['short', 'cat', 'json', 'verbose'] } },
  kubectl: {
    flags: kubeFlags,
    values: kubeValues,
    sub: {
      get: kubeObj(), describe: kubeObj(), delete: kubeObj(), edit: kubeObj(), label: kubeObj(), annotate: kubeObj(), patch: kubeObj(['-p', '--patch', '--type']),
      scale: kubeObj(['--replicas']),
      set: { sub: { image: kubeObj(), env: kubeObj(), resources: kubeObj() } },
      rollout: { sub: Object.fromEntries(['status', 'restart', 'undo', 'history', 'pause', 'resume'].map((v) => [v, kubeObj()])) },
      expose: kubeObj(), apply: { flags: ['-f', '--filename', '-n'], values: kubeValues }, create: { args: [['deployment', 'service', 'configmap', 'secret', 'namespace', 'job']], flags: kubeFlags, values: kubeValues },
      cordon: { args: ['object'] }, uncordon: { args: ['object'] }, drain: { args: ['object'], flags: ['--ignore-daemonsets', '--force', '--delete-emptydir-data'] },
      taint: { args: [['nodes'], 'object'] }, config: { sub: { view: {}, 'get-contexts': {}, 'current-context': {}, 'use-context': {}, 'set-context': {} } },
      version: {}, 'cluster-info': {}, 'api-resources': {}, 'port-forward': kubeObj(['--address', '--pod-running-timeout']),
      logs: kubeObj(['-c', '-f', '--previous', '--tail', '--all-containers']), exec: kubeObj(['-it', '-c']), top: { args: [['pods', 'nodes']], flags: kubeFlags, values: kubeValues },
    },
  },
  aws: { sub: { ec2: { sub: Object.fromEntries(['describe-instances', 'describe-route-tables', 'describe-subnets', 'describe-security-groups', 'describe-nat-gateways', 'describe-internet-gateways', 'describe-vpcs', 'create-route', 'replace-route', 'delete-route', 'authorize-security-group-ingress', 'revoke-security-group-ingress'].map((v) => [v, { flags: ['--route-table-id', '--destination-cidr-block', '--nat-gateway-id', '--gateway-id', '--group-id', '--protocol', '--port', '--cidr', '--output'] }])) } } },
  cat: { args: ['file'] },
  head: { flags: ['-n', '-c'], args: ['file'] },
  tail: { flags: ['-n', '-c', '-f'], args: ['file'] },
  grep: { flags: ['-i', '-v', '-n', '-c', '-E', '-F', '-o', '-w', '-r', '-A', '-B', '-C', '-l', '-q'], args: [[], 'file'] },
  sed: { flags: ['-n', '-e', '-i', '-E'], args: [[], 'file'] },
  awk: { flags: ['-F', '-v'], args: [[], 'file'] },
  ls: { flags: ['-l', '-a', '-la', '-h'], args: ['file'] },
  rm: { flags: ['-f', '-r', '-rf'], args: ['file'] },
  truncate: { flags: ['-s'], args: ['file'] },
  tee: { flags: ['-a'], args: ['file'] },
  df: { flags: ['-h', '-i'] },
  du: { flags: ['-s', '-h', '-sh'], args: ['file'] },
  sort: { flags: ['-n', '-r', '-u', '-k', '-t', '-h'] },
  uniq: { flags: ['-c', '-d', '-u'] },
  wc: { flags: ['-l', '-c', '-w'] },
  cut: { flags: ['-d', '-f', '-c'] },
  tr: { flags: ['-d', '-s'] },
  sudo: { args: ['command'] },
  help: { args: ['command'] },
  history: { flags: ['-c'] },
  kill: { flags: ['-9', '-INT', '-HUP', '-l', '-s'] },
  jobs: { flags: ['-l', '-p'] },
  cd: { args: ['file'] },
  ...Object.fromEntries(['bg', 'clear', 'echo', 'env', 'exit', 'fg', 'export', 'false', 'hostname', 'id', 'logout', 'printf', 'pwd', 'true', 'unset', 'whoami'].map((c) => [c, {}])),
};

