// CommandSpec.reads: the lines a player types most to look around are reported read-only
// (the game then skips its change detection), and they leave the world as it was; the lines
// that change something are never reported read-only.
import { describe, expect, it } from 'vitest';
import { configPrint } from '../../server/game/world-view.js';
import { commands } from '../../server/shell/commands/index.js';
import { execLine, newSession } from '../../server/shell/shell.js';
import { tinyWorld } from '../helpers/world.js';

const READS = [
  'ip route', 'ip addr show eth0', 'ip -br a', 'ip -s link', 'ip neigh', 'ip r get 10.0.0.1', 'ip -4 -o addr show',
  'cat /etc/resolv.conf', 'ss -tln', 'netstat -rn', 'hostname', 'hostname -I', 'systemctl is-active nginx', 'systemctl status nginx',
  'systemctl', 'journalctl -u nginx -n 5', 'iptables -S', 'iptables -nvL', 'iptables -t nat -S', 'iptables --list INPUT', 'iptables-save',
  'ping -c 1 10.0.0.1', 'traceroute 10.0.0.1', 'dig example.com', 'curl -s http://10.0.0.1/', 'date', 'date +%s', 'df -h', 'sysctl net.ipv4.ip_forward',
  'ip route | grep default | head -1', 'cat /etc/hosts | wc -l', 'echo hi', 'ls /etc', 'ip route > /dev/null', 'kubectl get pods', 'kubectl -n x describe pod y',
];
const WRITES = [
  'ip route add 10.9.0.0/16 via 10.0.0.1', 'ip link set eth0 down', 'ip addr flush dev eth0', 'ip neigh flush all', 'ip -b /tmp/x',
  'iptables -A INPUT -j DROP', 'iptables -F', 'iptables -nL -Z', 'iptables -P INPUT DROP', 'iptables-restore', 'systemctl stop nginx',
  'systemctl -p status restart nginx', 'hostname other', 'hostname --file=/etc/hostname', 'hostname -bF /etc/hostname', 'date 11231200', 'date -s "2020-01-01"', 'curl -o /tmp/page http://10.0.0.1/', 'curl -sSo /tmp/p http://x/',
  'curl -X DELETE http://10.0.0.1/', 'echo hi > /tmp/f', 'ip route >> /tmp/routes', 'cat /etc/hosts | tee /tmp/h', 'sysctl -w net.ipv4.ip_forward=1',
  'sysctl net.ipv4.ip_forward=1', 'ss -K dst 10.0.0.1', 'journalctl --vacuum-size=1M', 'kubectl delete pod x', 'kubectl config use-context x', 'kubectl -n get delete pod x', 'rm /tmp/x', 'iptables-save -f /tmp/rules',
];

describe('read-only lines', () => {
  it.each(READS)('%s is read-only and changes nothing', (line) => {
    const world = tinyWorld();
    const session = newSession(world, 'web1');
    const before = configPrint(world);
    const r = execLine(world, session, line, commands);
    expect(r.readOnly).toBe(true);
    expect(configPrint(world)).toBe(before);
  });

  it.each(WRITES)('%s may write', (line) => {
    const world = tinyWorld();
    const r = execLine(world, newSession(world, 'web1'), line, commands);
    expect(r.readOnly).toBe(false);
  });
});
