// A tiny hand-made World for shell tests: one login host (web1) on a /24 with a
// default route, a few files, one service. Every call returns a fresh copy.
import { parseIp, type Ip } from '../../server/sim/net/ip.js';
import type { Host, IptTable, World } from '../../server/sim/world/types.js';

const ip = (text: string): Ip => {
  const v = parseIp(text);
  if (v === null) throw new Error(`bad ip ${text}`);
  return v;
};

const counters = () => ({ pkts: 0, bytes: 0 });
const table = (chains: string[]): IptTable => ({
  chains: Object.fromEntries(chains.map((c) => [c, { policy: 'ACCEPT' as const, policyCounters: counters(), rules: [] }])),
});
const stats = () => ({ rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0 });

export const TINY_FILES: Record<string, string> = {
  '/etc/hostname': 'web1\n',
  '/etc/hosts': '127.0.0.1\tlocalhost\n127.0.1.1\tweb1\n10.0.1.10\tweb1.corp.internal web1\n',
  '/etc/resolv.conf': 'nameserver 10.0.3.53\nsearch corp.internal\n',
  '/etc/nginx/nginx.conf': 'user www-data;\nworker_processes auto;\n\nevents {\n\tworker_connections 768;\n}\n',
  '/var/log/app.log': [
    '2024-05-01T10:00:00 INFO start pid=100',
    '2024-05-01T10:00:01 WARN slow query 250ms',
    '2024-05-01T10:00:02 ERROR connect 10.0.2.10:5432 refused',
    '2024-05-01T10:00:03 INFO request /healthz 200',
    '2024-05-01T10:00:04 ERROR connect 10.0.2.10:5432 refused',
    '2024-05-01T10:00:05 INFO request /api/orders 502',
  ].join('\n') + '\n',
  '/root/notes.txt': 'check the default route\ncheck iptables\n',
  '/root/.bashrc': '# ~/.bashrc\n',
  '/tmp/': '',
};

function web1(): Host {
  return {
    name: 'web1',
    kind: 'vm',
    cpus: 2,
    memoryMb: 2048,
    disk: { sizeMb: 20480, usedMb: 4096 },
    login: true,
    ifaces: [
      { name: 'lo', index: 1, kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true, addrs: [{ ip: ip('127.0.0.1'), prefix: 8, seq: 0 }], stats: stats() },
      { name: 'eth0', index: 2, kind: 'ether', mac: '52:54:00:12:34:56', mtu: 1500, up: true, carrier: true, addrs: [{ ip: ip('10.0.1.10'), prefix: 24, seq: 1 }], port: { fabric: 'fabric0', access: 1 }, stats: stats() },
      { name: 'eth1', index: 3, kind: 'ether', mac: '52:54:00:12:34:57', mtu: 1500, up: false, carrier: true, addrs: [{ ip: ip('10.0.9.10'), prefix: 24, seq: 2 }], stats: stats() },
    ],
    routes: [{ dst: 0, prefix: 0, via: ip('10.0.1.1'), dev: 'eth0', proto: 'static' }],
    rules: [],
    tables: {},
    sysctl: { 'net.ipv4.ip_forward': '0', 'net.ipv4.conf.all.rp_filter': '0' },
    iptables: { filter: table(['INPUT', 'FORWARD', 'OUTPUT']), nat: table(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']) },
    units: {
      nginx: {
        name: 'nginx', description: 'A high performance web server and a reverse proxy server', state: 'active', enabled: true,
        since: 0, mainPid: 412, execStart: '/usr/sbin/nginx -g daemon on; master_process on;', journal: [],
        listeners: [{ proto: 'tcp', addr: 0, port: 80, process: 'nginx', pid: 412, app: { kind: 'http', server: 'nginx/1.22.1', routes: [{ path: '/', status: 200, body: 'hello\n' }] } }],
      },
    },
    files: { ...TINY_FILES },
    neigh: [],
    pmtu: {},
  };
}

export function tinyWorld(): World {
  return {
    now: 0,
    rng: 42,
    subnets: { lan: { name: 'lan', cidr: '10.0.1.0/24', vlan: 1, fabric: 'fabric0' } },
    hosts: { web1: web1() },
    securityGroups: {},
    seq: 3,
  };
}
