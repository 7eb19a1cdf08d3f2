// The world state: plain JSON-serialisable data. Every command reads or changes
// it; nothing here does I/O. Built from a WorldSpec by build.ts.
import type { Ip } from '../net/ip.js';
import type { Cluster } from '../k8s/types.js';
import type { DockerState } from '../docker/types.js';

export interface World {
  /** Simulated time in milliseconds since the world was built. */
  now: number;
  /** State of the seeded PRNG (see rng.ts); advanced by anything random. */
  rng: number;
  /** Search domain and DNS names are per host; these are world-wide L3 facts. */
  subnets: Record<string, Subnet>;
  hosts: Record<string, Host>;
  /** Cloud security groups by id (stateful allow-lists applied at a NIC). */
  securityGroups: Record<string, SecurityGroup>;
  /** Counter used to order address assignments (the newest ARP answer wins). */
  seq: number;
  /** The Kubernetes cluster running on these hosts, if the world has one. */
  cluster?: Cluster;
}

export interface Subnet {
  name: string;
  cidr: string;
  /** VLAN id on the switch fabric; frames of this subnet travel on it. */
  vlan: number;
  /** L2 fabric (switch) the VLAN lives on. */
  fabric: string;
  /** Cloud VPC this subnet belongs to, if any. */
  vpc?: string;
}

/** `pod`: a Kubernetes pod's network namespace (created and removed by the cluster's kubelets). */
export type HostKind = 'physical' | 'vm' | 'router' | 'external' | 'appliance' | 'pod';

export interface Host {
  name: string;
  kind: HostKind;
  /** Physical host a VM runs on. */
  parent?: string;
  cpus: number;
  memoryMb: number;
  /** `files`: large files whose size (MiB) counts in usedMb; their content is not modelled (rm frees them). */
  disk: { sizeMb: number; usedMb: number; files?: Record<string, number> };
  /** Players can ssh to / play on this host (appliances like a VPC router are not). */
  login: boolean;
  ifaces: Iface[];
  /** Routes not derived from addresses (static, default); connected routes are derived. */
  routes: Route[];
  /** Policy routing: `ip rule` entries, consulted in order before the main table. */
  rules: RouteRule[];
  /** Extra routing tables by id, for policy routing (e.g. a VPC route table per subnet). */
  tables: Record<string, Route[]>;
  sysctl: Record<string, string>;
  iptables: { filter: IptTable; nat: IptTable };
  units: Record<string, Unit>;
  files: Record<string, string>;
  /** ARP/neighbour cache, filled by traffic. */
  neigh: Neighbour[];
  /** CNs of the CAs in the system store (/etc/ssl/certs); absent: the public CAs. */
  trustedCas?: string[];
  /** Path MTU learned from "frag needed" errors, by destination address. */
  pmtu: Record<string, number>;
  /** The Docker Engine's containers, images and networks, on a host with a `docker` unit. */
  docker?: DockerState;
  /** Processes players started in the background (`kubectl port-forward ... &`), until they exit. */
  procs?: Proc[];
}

export type IfaceKind = 'loopback' | 'ether' | 'vlan' | 'bridge' | 'tap';

export interface Addr {
  ip: Ip;
  prefix: number;
  /** World.seq when the address was added. */
  seq: number;
  /** Its connected route was deleted (`ip route del`); the kernel adds it back when the link comes up. */
  routeDeleted?: boolean;
}

export interface Iface {
  name: string;
  index: number;
  kind: IfaceKind;
  mac: string;
  mtu: number;
  /** Administrative state (`ip link set X up|down`). */
  up: boolean;
  /** Physical link: false when the cable is pulled or the peer is down (NO-CARRIER). */
  carrier?: boolean;
  addrs: Addr[];
  /** Plugged into a switch port (physical NIC, or a cloud ENI). */
  port?: SwitchPort;
  /** For a VM NIC: the host bridge its tap device is on. */
  tapOf?: { host: string; bridge: string; tap: string };
  /** Enslaved to a bridge on the same host. */
  master?: string;
  /** VLAN-aware bridge port settings (`bridge vlan`): pvid and allowed tagged VLANs. */
  bridgeVlans?: { pvid?: number; tagged: number[] };
  /** Bridge only: `vlan_filtering 1`. */
  vlanFiltering?: boolean;
  /** VLAN sub-interface: parent device and VLAN id (eth0.10). */
  vlan?: { parent: string; id: number };
  /** Cloud security groups attached to this NIC. */
  securityGroups?: string[];
  stats: { rxPackets: number; rxBytes: number; txPackets: number; txBytes: number };
}

export interface SwitchPort {
  fabric: string;
  /** Access port: untagged frames belong to this VLAN. */
  access?: number;
  /** Trunk port: tagged frames of these VLANs pass. */
  trunk?: number[];
}

export interface Route {
  /** Destination; 0.0.0.0/0 is `default`. */
  dst: Ip;
  prefix: number;
  via?: Ip;
  dev?: string;
  src?: Ip;
  metric?: number;
  proto?: 'static' | 'boot' | 'kernel' | 'dhcp';
  type?: 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';
}

export interface RouteRule {
  priority: number;
  iif?: string;
  from?: { ip: Ip; prefix: number };
  table: string;
}

export interface Neighbour {
  ip: Ip;
  dev: string;
  mac?: string;
  state: 'REACHABLE' | 'STALE' | 'FAILED' | 'INCOMPLETE';
  at: number;
}

// --- iptables -------------------------------------------------------------

export interface IptTable {
  /** Built-in and user chains in creation order. */
  chains: Record<string, IptChain>;
  /** The kernel has this table (iptables-nft creates it on the first change); iptables-save prints only these. */
  present?: boolean;
}

export interface IptChain {
  /** Built-in chains have a policy; user chains do not. */
  policy?: 'ACCEPT' | 'DROP';
  policyCounters: Counters;
  rules: IptRule[];
}

export interface Counters {
  pkts: number;
  bytes: number;
}

export interface IptMatch {
  proto?: Proto | 'all';
  protoNeg?: boolean;
  src?: { ip: Ip; prefix: number; neg?: boolean };
  dst?: { ip: Ip; prefix: number; neg?: boolean };
  in?: { name: string; neg?: boolean };
  out?: { name: string; neg?: boolean };
  sport?: PortMatch;
  dport?: PortMatch;
  /** -m multiport --dports / --sports: ports, or [from, to] ranges */
  dports?: (number | [number, number])[];
  sports?: (number | [number, number])[];
  multiportNeg?: boolean;
  /** -m conntrack --ctstate / -m state --state */
  ctstate?: CtState[];
  ctstateNeg?: boolean;
  /** --icmp-type as iptables-save prints it: `8`, `3/1` or `any`. */
  icmpType?: string;
  icmpTypeNeg?: boolean;
  comment?: string;
  /** -p tcp --syn / --tcp-flags MASK COMP, as TCP flag bits (FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32). */
  tcpFlags?: { mask: number; comp: number; neg?: boolean };
  /** -m limit: `avg` is the kernel's period per packet (10000 = one a second), `burst` the bucket size. */
  limit?: { avg: number; burst: number };
  /** -m statistic --mode random: matches a packet with this chance, kept as the kernel does (of 0x80000000). */
  statistic?: { probability: number; neg?: boolean };
  /** -m mark --mark VALUE[/MASK]: (packet mark & mask) == value. */
  mark?: { value: number; mask: number; neg?: boolean };
  /** Match extensions in the order the rule loaded them (`-m`, or implicitly by `-p tcp --dport`);
   *  it fixes the order of `-S` and `-L` output. Absent: tcp/udp/icmp, multiport, conntrack, comment. */
  modules?: IptModule[];
}

export type IptModule = 'tcp' | 'udp' | 'icmp' | 'multiport' | 'conntrack' | 'state' | 'comment' | 'limit' | 'statistic' | 'mark';

export interface PortMatch {
  from: number;
  to: number;
  neg?: boolean;
}

export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID';

export type IptTarget =
  | { kind: 'ACCEPT' | 'DROP' | 'RETURN' }
  | { kind: 'MASQUERADE'; randomFully?: boolean }
  /** -j MARK, as the kernel keeps it (--set-xmark): mark = (mark & ~mask) ^ value; the walk goes on. */
  | { kind: 'MARK'; value: number; mask: number }
  | { kind: 'REJECT'; with: RejectWith }
  | { kind: 'LOG'; prefix?: string; level?: number }
  | { kind: 'DNAT'; to: { ip: Ip; port?: number } }
  | { kind: 'SNAT'; to: { ip: Ip } }
  | { kind: 'JUMP'; chain: string }
  /** No -j: the rule only counts packets. */
  | { kind: 'NONE' };

export type RejectWith =
  | 'icmp-net-unreachable'
  | 'icmp-host-unreachable'
  | 'icmp-port-unreachable'
  | 'icmp-proto-unreachable'
  | 'icmp-net-prohibited'
  | 'icmp-host-prohibited'
  | 'icmp-admin-prohibited'
  | 'tcp-reset';

export interface IptRule {
  match: IptMatch;
  target: IptTarget;
  counters: Counters;
}

// --- cloud ---------------------------------------------------------------

export interface SecurityGroup {
  id: string;
  name: string;
  /** Allowed inbound traffic; outbound is allowed, replies always pass (stateful). */
  ingress: SgRule[];
}

export interface SgRule {
  proto: Proto | 'all';
  fromPort?: number;
  toPort?: number;
  cidr: string;
}

// --- services and systemd -----------------------------------------------

export type Proto = 'tcp' | 'udp' | 'icmp';

export interface Unit {
  name: string;
  description: string;
  /** active: running; inactive: stopped; failed: exited with error. */
  state: 'active' | 'inactive' | 'failed';
  enabled: boolean;
  /** Simulated time the unit last changed state. */
  since: number;
  /** Simulated time the unit last became active, kept after it stops (`Duration:` in status). */
  activeAt?: number;
  mainPid: number;
  execStart: string;
  /** Sockets this unit listens on while active. */
  listeners: Listener[];
  /** Journal lines (already formatted message text with the time they were logged). */
  journal: JournalLine[];
  /** If set, starting the unit fails with this journal message (e.g. a config error). */
  failsWith?: string;
  /** Lines logged when the unit starts successfully. */
  startLog?: string[];
  /** Starting fails with this message while the host's disk is full. */
  diskFullError?: string;
  /** The listen address comes from `KEY=ADDR[:PORT]` in this file (an EnvironmentFile), read at every start. */
  bindFrom?: { file: string; key: string };
}

export interface JournalLine {
  at: number;
  ident: string;
  pid: number;
  text: string;
  /** Explanation `journalctl -x` prints under the line (systemd's message catalog), already filled in. */
  catalog?: string;
}

export interface Listener {
  proto: 'tcp' | 'udp';
  /** 0.0.0.0 for all addresses, 127.0.0.1 for loopback only, or one address. */
  addr: Ip;
  port: number;
  process: string;
  pid: number;
  /** listen() backlog, shown as Send-Q of a LISTEN socket (default: the program's usual one). */
  backlog?: number;
  /** File descriptor in the process (`ss -p`); default 3 + the socket's index in its unit. */
  fd?: number;
  app: App;
  /** The socket speaks TLS first (the app's protocol runs inside it). */
  tls?: TlsServer;
}

/** A TLS server's side of the handshake. */
export interface TlsServer {
  cert: Certificate;
  /** ALPN protocols it accepts, preferred first (default: http/1.1 only). */
  alpn?: ('h2' | 'http/1.1')[];
  /** The TLS 1.3 cipher suite it picks (Go: TLS_AES_128_GCM_SHA256, OpenSSL: TLS_AES_256_GCM_SHA384). */
  cipher?: string;
}

/** An X.509 certificate as far as clients look at it. */
export interface Certificate {
  /** Subject and issuer as [attribute, value] pairs in order (`O`, `CN`); issuer equal to subject: self-signed. */
  subject: [string, string][];
  issuer: [string, string][];
  /** subjectAltName entries: `DNS:name` or `IP Address:10.0.0.1`. */
  sans: string[];
  /** Validity, wall-clock ms. */
  notBefore: number;
  notAfter: number;
}

/** What answers on a listening socket. */
export type App =
  | { kind: 'http'; server: string; routes: HttpRoute[] }
  | { kind: 'proxy'; server: string; upstreams: ProxyRoute[]; connectTimeoutMs: number }
  /** `cluster`: CoreDNS's kubernetes plugin, answering names under this domain from the cluster's Services. */
  | { kind: 'dns'; zones: DnsZone[]; forwarders: Ip[]; cluster?: { domain: string } }
  | { kind: 'ssh'; banner: string }
  /** A raw TCP server: accept and keep quiet, accept and close, or reset. */
  | { kind: 'tcp'; behaviour: 'open' | 'close' | 'reset' | 'hang' }
  /** kubectl port-forward: each connection is tunnelled to `port` on the pod's loopback (pod `uid` only). */
  | { kind: 'port-forward'; namespace: string; pod: string; uid: string; port: number };

/** A process a player's shell started that is not a systemd unit (a background job). */
export interface Proc {
  pid: number;
  /** The host it runs on (it is in that host's procs). */
  host: string;
  /** The command line as typed (what `jobs` shows). */
  command: string;
  user: string;
  startedAt: number;
  listeners: Listener[];
  /** What it printed on the terminal it was started from; that shell shows it. */
  output: { at: number; fd: 1 | 2; text: string }[];
  /** Where stdout/stderr go instead when redirected at its start (a path on its host; /dev/null discards). */
  files?: { 1?: string; 2?: string };
  /** How it ended: its exit status, or the signal that killed it. Ended processes stay until their shell reports them. */
  ended?: { at: number; status?: number; signal?: 'TERM' | 'KILL' | 'INT' | 'HUP' };
}

export interface HttpRoute {
  /** Exact path, or a prefix when it ends with `*` (e.g. `/api/*`). */
  path: string;
  status: number;
  body: string;
  contentType?: string;
}

export interface ProxyRoute {
  /** Host header to match; `*` matches any. */
  host: string;
  /** Path prefix, e.g. `/api/`. */
  prefix: string;
  backends: { ip: Ip; port: number }[];
}

export interface DnsZone {
  /** Zone origin without trailing dot, e.g. `corp.internal`. */
  origin: string;
  ttl: number;
  records: DnsRecord[];
}

export interface DnsRecord {
  /** Fully qualified name without trailing dot. */
  name: string;
  type: 'A' | 'CNAME' | 'PTR';
  value: string;
}
