// Expected texts are what OpenSSH_9.2p1 (Debian 12) printed in the namespace lab of
// 00-topology.txt; its log messages end in \r\n.
import { describe, expect, it } from 'vitest';
import { newSession } from '../../../server/shell/shell.js';
import { lab, terminal } from './net-lab.js';

const BANNER = (host: string) => `Linux ${host} 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64

The programs included with the Debian GNU/Linux system are free software;
the exact distribution terms for each program are described in the
individual files in /usr/share/doc/*/copyright.

Debian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent
permitted by applicable law.
`;

describe('ssh', () => {
  it('logs in on the host that answered and returns on exit', () => {
    const world = lab();
    const run = terminal(world);
    const session = newSession(world, 'web1');
    expect(run(session, 'ssh db1')).toMatchObject({ out: BANNER('db1'), err: '', exit: 0 });
    expect(session).toMatchObject({ host: 'db1', user: 'root', cwd: '/root' });
    expect(session.stack).toHaveLength(1);
    expect(run(session, 'hostname').out).toBe('db1\n');
    expect(run(session, 'ssh admin@10.0.1.11')).toMatchObject({ out: BANNER('web2'), exit: 0 });
    expect(session).toMatchObject({ host: 'web2', user: 'admin', cwd: '/home/admin' });
    expect(run(session, 'exit')).toMatchObject({ err: 'logout\nConnection to 10.0.1.11 closed.\r\n', exit: 0 });
    expect(run(session, 'exit')).toMatchObject({ err: 'logout\nConnection to db1 closed.\r\n', exit: 0 });
    expect(session).toMatchObject({ host: 'web1', user: 'root', stack: [] });
  });

  it('shows the host motd when it has one', () => {
    const world = lab();
    world.hosts.db1.files['/etc/motd'] = 'Authorized use only.\n';
    expect(terminal(world)('web1', 'ssh db1').out).toBe('Linux db1 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64\nAuthorized use only.\n');
  });

  it('runs a command remotely and returns its status', () => {
    const world = lab();
    const run = terminal(world);
    const session = newSession(world, 'web1');
    expect(run(session, 'ssh db1 hostname')).toMatchObject({ out: 'db1\n', exit: 0 });
    expect(run(session, 'ssh db1 "cat /nonexistent; hostname"')).toMatchObject({ out: 'db1\n', err: 'cat: /nonexistent: No such file or directory\n', exit: 0 });
    expect(run(session, 'ssh db1 false').exit).toBe(1);
    expect(session.host).toBe('web1');
    const slow = run(session, 'ssh web2 ping -c 2 10.0.1.1');
    expect(slow.out).toMatch(/^2 packets transmitted, 2 received/m);
    expect(slow.elapsedMs).toBeGreaterThanOrEqual(1000);
  });

  it('fails like OpenSSH when it cannot connect', () => {
    const world = lab();
    const run = terminal(world);
    world.hosts.db1.units.ssh.state = 'inactive';
    expect(run('web1', 'ssh db1')).toMatchObject({ out: '', err: 'ssh: connect to host db1 port 22: Connection refused\r\n', exit: 255 });
    const arp = run('web1', 'ssh 10.0.1.99');
    expect(arp).toMatchObject({ err: 'ssh: connect to host 10.0.1.99 port 22: No route to host\r\n', exit: 255 });
    expect(arp.elapsedMs).toBe(3054);
    expect(run('web1', 'ssh 10.0.9.5')).toMatchObject({ err: 'ssh: connect to host 10.0.9.5 port 22: Network is unreachable\r\n', exit: 255 });
    expect(run('web1', 'ssh NoSuchHost')).toMatchObject({ err: 'ssh: Could not resolve hostname nosuchhost: Temporary failure in name resolution\r\n', exit: 255 });
    expect(run('web1', 'ssh nosuch.corp.internal')).toMatchObject({ err: 'ssh: Could not resolve hostname nosuch.corp.internal: Name or service not known\r\n', exit: 255 });
    run('web2', 'iptables -A INPUT -p tcp --dport 22 -j DROP');
    const slow = run('web1', 'ssh -o ConnectTimeout=2 web2');
    expect(slow).toMatchObject({ err: 'ssh: connect to host web2 port 22: Connection timed out\r\n', exit: 255 });
    expect(slow.elapsedMs).toBe(2000);
  });

  it('meets something that is not sshd', () => {
    const run = terminal(lab());
    expect(run('web1', 'ssh -p 8080 10.0.2.10')).toMatchObject({
      err: 'kex_exchange_identification: Connection closed by remote host\r\nConnection closed by 10.0.2.10 port 8080\r\n',
      exit: 255,
    });
    expect(run('web1', 'ssh -p 9001 10.0.2.10')).toMatchObject({
      err: 'kex_exchange_identification: read: Connection reset by peer\r\nConnection reset by 10.0.2.10 port 9001\r\n',
      exit: 255,
    });
  });

  it('is refused by a host nobody may log in to', () => {
    const world = lab();
    world.hosts.db1.login = false;
    expect(terminal(world)('web1', 'ssh db1')).toMatchObject({ err: 'root@db1: Permission denied (publickey).\r\n', exit: 255 });
  });

  it('checks its arguments', () => {
    const run = terminal(lab());
    const usage = `usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]
           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]
           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]
           [-i identity_file] [-J [user@]host[:port]] [-L address]
           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]
           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]
           [-w local_tun[:remote_tun]] destination [command [argument ...]]
`;
    expect(run('web1', 'ssh')).toMatchObject({ out: '', err: usage, exit: 255 });
    expect(run('web1', 'ssh -Z db1')).toMatchObject({ err: `unknown option -- Z\r\n${usage}`, exit: 255 });
    expect(run('web1', 'ssh -p')).toMatchObject({ err: `option requires an argument -- p\r\n${usage}`, exit: 255 });
    expect(run('web1', 'ssh -p abc db1')).toMatchObject({ err: "Bad port 'abc'\n", exit: 255 });
    expect(run('web1', 'ssh -o Foo=bar db1')).toMatchObject({ err: 'command-line: line 0: Bad configuration option: foo\r\n', exit: 255 });
    expect(run('web1', 'ssh -o ConnectTimeout=abc db1')).toMatchObject({ err: 'command-line line 0: invalid time value.\r\n', exit: 255 });
  });
});
