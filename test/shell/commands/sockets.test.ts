// Golden tests for ss and netstat against the real captures in shared/reference/linux
// (iproute2 6.1 ss, net-tools 2.10 netstat, Debian 12, 80-column terminal). The lab world
// is test/fixtures/lab.yaml with the captured PIDs, fds, backlogs and bind addresses (helpers/lab.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { World } from '../../../server/sim/world/types.js';
import { builtinCommands } from '../../../server/shell/commands/builtins.js';
import { socketCommands } from '../../../server/shell/commands/sockets.js';
import { systemdCommands } from '../../../server/shell/commands/systemd.js';
import { execLine, newSession } from '../../../server/shell/shell.js';
import { labWorld } from '../../helpers/lab.js';

const REF = new URL('../../fixtures/reference/linux/', import.meta.url);
const registry = { ...builtinCommands, ...socketCommands, ...systemdCommands };

interface Step {
  host: string;
  cmd: string;
  output: string;
}

/** A capture's commands with their output. */
function transcript(file: string): Step[] {
  const lines = readFileSync(new URL(file, REF), 'utf8').replace(/\n$/, '').split('\n');
  const steps: Step[] = [];
  for (const line of lines.slice(lines.findIndex((l) => !l.startsWith('#')))) {
    const m = /^(\w+)\$ (.*)$/.exec(line);
    if (m) steps.push({ host: m[1], cmd: m[2], output: '' });
    else steps[steps.length - 1].output += line + '\n';
  }
  return steps;
}

function run(w: World, host: string, line: string, user = 'root') {
  const session = newSession(w, host, user);
  const r = execLine(w, session, line, registry);
  const text = (fd: 1 | 2) => r.chunks.filter((c) => c.fd === fd).map((c) => c.text).join('');
  return { out: text(1), err: text(2), exit: r.exit };
}

describe('ss against the captures', () => {
  for (const step of transcript('ss-tlnp.txt')) {
    it(`${step.host}$ ${step.cmd}`, () => {
      const r = run(labWorld(), step.host, step.cmd);
      expect(r.out).toBe(step.output);
      expect(r.err).toBe('');
      expect(r.exit).toBe(0);
    });
  }
});

/** What the real tools printed in a namespace rebuilt like db1 (listeners only, no connections; PIDs set to the lab's). */
const DB1_LISTENERS: [string, string][] = [
  [
    'ss -tlnp',
    `State     Recv-Q    Send-Q       Local Address:Port        Peer Address:Port    Process                                                                         
LISTEN    0         5                10.0.2.10:8080             0.0.0.0:*        users:(("python3",pid=27854,fd=3))                                             
LISTEN    0         1                10.0.2.10:5432             0.0.0.0:*        users:(("nc",pid=27853,fd=3))                                                  
LISTEN    0         16               10.0.2.10:9000             0.0.0.0:*        users:(("python3",pid=27855,fd=3))                                             
LISTEN    0         16               10.0.2.10:9001             0.0.0.0:*        users:(("python3",pid=27855,fd=5))                                             
LISTEN    0         16               10.0.2.10:9002             0.0.0.0:*        users:(("python3",pid=27855,fd=7))                                             
`,
  ],
  [
    'ss -tunap',
    `Netid   State    Recv-Q   Send-Q     Local Address:Port     Peer Address:Port   Process                                                                         
tcp     LISTEN   0        5              10.0.2.10:8080          0.0.0.0:*       users:(("python3",pid=27854,fd=3))                                             
tcp     LISTEN   0        1              10.0.2.10:5432          0.0.0.0:*       users:(("nc",pid=27853,fd=3))                                                  
tcp     LISTEN   0        16             10.0.2.10:9000          0.0.0.0:*       users:(("python3",pid=27855,fd=3))                                             
tcp     LISTEN   0        16             10.0.2.10:9001          0.0.0.0:*       users:(("python3",pid=27855,fd=5))                                             
tcp     LISTEN   0        16             10.0.2.10:9002          0.0.0.0:*       users:(("python3",pid=27855,fd=7))                                             
`,
  ],
  [
    'ss -tnp',
    `State   Recv-Q   Send-Q     Local Address:Port     Peer Address:Port  Process   
`,
  ],
  [
    'ss -tan state established',
    `Recv-Q    Send-Q       Local Address:Port       Peer Address:Port    Process    
`,
  ],
  [
    'netstat -tunap',
    `Active Internet connections (servers and established)
Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    
tcp        0      0 10.0.2.10:8080          0.0.0.0:*               LISTEN      27854/python3       
tcp        0      0 10.0.2.10:5432          0.0.0.0:*               LISTEN      27853/nc            
tcp        0      0 10.0.2.10:9000          0.0.0.0:*               LISTEN      27855/python3       
tcp        0      0 10.0.2.10:9001          0.0.0.0:*               LISTEN      27855/python3       
tcp        0      0 10.0.2.10:9002          0.0.0.0:*               LISTEN      27855/python3       
`,
  ],
  [
    'ss -tlnp | cat',
    `State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess                            
LISTEN 0      5          10.0.2.10:8080      0.0.0.0:*    users:(("python3",pid=27854,fd=3))
LISTEN 0      1          10.0.2.10:5432      0.0.0.0:*    users:(("nc",pid=27853,fd=3))     
LISTEN 0      16         10.0.2.10:9000      0.0.0.0:*    users:(("python3",pid=27855,fd=3))
LISTEN 0      16         10.0.2.10:9001      0.0.0.0:*    users:(("python3",pid=27855,fd=5))
LISTEN 0      16         10.0.2.10:9002      0.0.0.0:*    users:(("python3",pid=27855,fd=7))
`,
  ],
  [
    'ss -tln | cat',
    `State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess
LISTEN 0      5          10.0.2.10:8080      0.0.0.0:*          
LISTEN 0      1          10.0.2.10:5432      0.0.0.0:*          
LISTEN 0      16         10.0.2.10:9000      0.0.0.0:*          
LISTEN 0      16         10.0.2.10:9001      0.0.0.0:*          
LISTEN 0      16         10.0.2.10:9002      0.0.0.0:*          
`,
  ],
  [
    'ss -tl',
    `State   Recv-Q  Send-Q   Local Address:Port         Peer Address:Port  Process  
LISTEN  0       5            10.0.2.10:http-alt          0.0.0.0:*              
LISTEN  0       1            10.0.2.10:postgresql        0.0.0.0:*              
LISTEN  0       16           10.0.2.10:9000              0.0.0.0:*              
LISTEN  0       16           10.0.2.10:9001              0.0.0.0:*              
LISTEN  0       16           10.0.2.10:9002              0.0.0.0:*              
`,
  ],
  [
    'ss -H -tln',
    `LISTEN      0           5                10.0.2.10:8080           0.0.0.0:*     
LISTEN      0           1                10.0.2.10:5432           0.0.0.0:*     
LISTEN      0           16               10.0.2.10:9000           0.0.0.0:*     
LISTEN      0           16               10.0.2.10:9001           0.0.0.0:*     
LISTEN      0           16               10.0.2.10:9002           0.0.0.0:*     
`,
  ],
  [
    'ss -tln sport gt :9000',
    `State    Recv-Q   Send-Q     Local Address:Port     Peer Address:Port  Process  
LISTEN   0        16             10.0.2.10:9001          0.0.0.0:*              
LISTEN   0        16             10.0.2.10:9002          0.0.0.0:*              
`,
  ],
  [
    'ss -lntp src 10.0.2.10:5432',
    `State    Recv-Q   Send-Q     Local Address:Port     Peer Address:Port  Process  
LISTEN   0        1              10.0.2.10:5432          0.0.0.0:*      users:(("nc",pid=27853,fd=3))
`,
  ],
  [
    "ss -4tlnp dport = :0 and '(' sport = :9001 or sport = :5432 ')'",
    `State     Recv-Q    Send-Q       Local Address:Port        Peer Address:Port    Process                                                                         
LISTEN    0         1                10.0.2.10:5432             0.0.0.0:*        users:(("nc",pid=27853,fd=3))                                                  
LISTEN    0         16               10.0.2.10:9001             0.0.0.0:*        users:(("python3",pid=27855,fd=5))                                             
`,
  ],
  [
    'netstat -ltn',
    `Active Internet connections (only servers)
Proto Recv-Q Send-Q Local Address           Foreign Address         State      
tcp        0      0 10.0.2.10:8080          0.0.0.0:*               LISTEN     
tcp        0      0 10.0.2.10:5432          0.0.0.0:*               LISTEN     
tcp        0      0 10.0.2.10:9000          0.0.0.0:*               LISTEN     
tcp        0      0 10.0.2.10:9001          0.0.0.0:*               LISTEN     
tcp        0      0 10.0.2.10:9002          0.0.0.0:*               LISTEN     
`,
  ],
  [
    'netstat -lun',
    `Active Internet connections (only servers)
Proto Recv-Q Send-Q Local Address           Foreign Address         State      
`,
  ],
];

describe('ss and netstat on db1 (listeners only)', () => {
  for (const [cmd, expected] of DB1_LISTENERS) {
    it(`db1$ ${cmd}`, () => {
      const r = run(labWorld(), 'db1', cmd);
      expect(r.out).toBe(expected);
      expect(r.err).toBe('');
      expect(r.exit).toBe(0);
    });
  }
});

describe('netstat against the captures', () => {
  const steps = transcript('netstat-tlnp.txt');
  // Established and TIME_WAIT connections are not modelled: compare the rest of the listing.
  const withoutConnections = (text: string) => text.split('\n').filter((l) => !/ESTABLISHED|TIME_WAIT/.test(l)).join('\n');
  for (const step of steps) {
    it(`${step.host}$ ${step.cmd}`, () => {
      const r = run(labWorld(), step.host, step.cmd);
      expect(r.out).toBe(step.cmd === 'netstat -tunap' ? withoutConnections(step.output) : step.output);
      expect(r.err).toBe('');
      expect(r.exit).toBe(0);
    });
  }
});

describe('ss and netstat for a user who is not root', () => {
  it('ss -p shows no process of other users', () => {
    const r = run(labWorld(), 'db1', 'ss -tlnp', 'alice');
    expect(r.out).toBe(transcript('ss-tlnp.txt')[1].output);
    expect(r.exit).toBe(0);
  });

  it('netstat -p says it cannot read process info and prints dashes', () => {
    const r = run(labWorld(), 'db1', 'netstat -tlnp', 'alice');
    expect(r.err).toBe('(No info could be read for "-p": geteuid()=1000 but you should be root.)\n');
    expect(r.out.split('\n')[2]).toBe('tcp        0      0 10.0.2.10:8080          0.0.0.0:*               LISTEN      -                   ');
  });
});

/** The same for dns1 (dnsmasq's UDP and TCP sockets on 10.0.3.53:53, PID 15094). */
const DNS1_LISTENERS: [string, string][] = [
  [
    'ss -ulnp',
    `State    Recv-Q   Send-Q     Local Address:Port     Peer Address:Port  Process  
UNCONN   0        0              10.0.3.53:53            0.0.0.0:*      users:(("dnsmasq",pid=15094,fd=4))
`,
  ],
  [
    'ss -tulnp',
    `Netid   State    Recv-Q   Send-Q     Local Address:Port     Peer Address:Port   Process                                                                         
udp     UNCONN   0        0              10.0.3.53:53            0.0.0.0:*       users:(("dnsmasq",pid=15094,fd=4))                                             
tcp     LISTEN   0        32             10.0.3.53:53            0.0.0.0:*       users:(("dnsmasq",pid=15094,fd=5))                                             
`,
  ],
  [
    'ss -tulnp | cat',
    `Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess                            
udp   UNCONN 0      0          10.0.3.53:53        0.0.0.0:*    users:(("dnsmasq",pid=15094,fd=4))
tcp   LISTEN 0      32         10.0.3.53:53        0.0.0.0:*    users:(("dnsmasq",pid=15094,fd=5))
`,
  ],
  [
    'ss -ulpn sport = :53',
    `State    Recv-Q   Send-Q     Local Address:Port     Peer Address:Port  Process  
UNCONN   0        0              10.0.3.53:53            0.0.0.0:*      users:(("dnsmasq",pid=15094,fd=4))
`,
  ],
  [
    'ss -lu',
    `State   Recv-Q  Send-Q     Local Address:Port       Peer Address:Port  Process  
UNCONN  0       0              10.0.3.53:domain          0.0.0.0:*              
`,
  ],
  [
    'netstat -tulnp',
    `Active Internet connections (only servers)
Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    
tcp        0      0 10.0.3.53:53            0.0.0.0:*               LISTEN      15094/dnsmasq       
udp        0      0 10.0.3.53:53            0.0.0.0:*                           15094/dnsmasq       
`,
  ],
  [
    'netstat -ulnp',
    `Active Internet connections (only servers)
Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    
udp        0      0 10.0.3.53:53            0.0.0.0:*                           15094/dnsmasq       
`,
  ],
  [
    'netstat -tuln',
    `Active Internet connections (only servers)
Proto Recv-Q Send-Q Local Address           Foreign Address         State      
tcp        0      0 10.0.3.53:53            0.0.0.0:*               LISTEN     
udp        0      0 10.0.3.53:53            0.0.0.0:*                          
`,
  ],
  [
    'netstat -ln',
    `Active Internet connections (only servers)
Proto Recv-Q Send-Q Local Address           Foreign Address         State      
tcp        0      0 10.0.3.53:53            0.0.0.0:*               LISTEN     
udp        0      0 10.0.3.53:53            0.0.0.0:*                          
Active UNIX domain sockets (only servers)
Proto RefCnt Flags       Type       State         I-Node   Path
`,
  ],
  [
    'ss -ltn dst 10.0.0.0/8',
    `State   Recv-Q   Send-Q     Local Address:Port     Peer Address:Port  Process   
`,
  ],
  [
    'ss -x',
    `Netid  State  Recv-Q  Send-Q   Local Address:Port   Peer Address:Port  Process  
`,
  ],
  [
    'ss -a -A udp',
    `State   Recv-Q  Send-Q     Local Address:Port       Peer Address:Port  Process  
UNCONN  0       0              10.0.3.53:domain          0.0.0.0:*              
`,
  ],
  [
    'ss -lnt dev = lo',
    `State   Recv-Q   Send-Q     Local Address:Port     Peer Address:Port  Process   
`,
  ],
];

describe('ss and netstat on dns1 (UDP and TCP)', () => {
  for (const [cmd, expected] of DNS1_LISTENERS) {
    it(`dns1$ ${cmd}`, () => {
      const r = run(labWorld(), 'dns1', cmd);
      expect(r.out).toBe(expected);
      expect(r.err).toBe('');
      expect(r.exit).toBe(0);
    });
  }
});

const SS_USAGE_HEAD = 'Usage: ss [ OPTIONS ]\n       ss [ OPTIONS ] [ FILTER ]\n';

describe('ss errors', () => {
  const cases: [string, string, number][] = [
    ['ss -q', "ss: invalid option -- 'q'\n" + SS_USAGE_HEAD, 255],
    ['ss -t sport =', 'ss: bison bellows (while parsing filter): "syntax error!" Sorry.\n' + SS_USAGE_HEAD, 255],
    ["ss -t '(' sport = :53", 'ss: bison bellows (while parsing filter): "syntax error!" Sorry.\n' + SS_USAGE_HEAD, 255],
    ['ss -t 10.0.3.53', 'ss: bison bellows (while parsing filter): "syntax error!" Sorry.\n' + SS_USAGE_HEAD, 255],
    ['ss -t foo', 'Error: an inet prefix is expected rather than "foo".\nCannot parse dst/src address.\n', 1],
    ['ss -ltn sport = :nosuch', 'Error: "nosuch" does not look like a port.\nCannot parse dst/src address.\n', 1],
    ['ss -tln state bogus', 'ss: wrong state name: bogus\n', 255],
    ['ss -tln state', 'Command line is not complete. Try option "help"\n', 255],
    ['ss -A foo', 'ss: "foo" is illegal socket table id\n' + SS_USAGE_HEAD, 255],
    ['ss -f inet9', 'ss: "inet9" is invalid family\n' + SS_USAGE_HEAD, 255],
    ['ss -lnt dev = bogus', 'Cannot parse device.\n', 1],
  ];
  for (const [cmd, err, exit] of cases) {
    it(cmd, () => {
      const r = run(labWorld(), 'db1', cmd);
      expect(r.out).toBe('');
      expect(r.err.startsWith(err)).toBe(true);
      if (err.endsWith(SS_USAGE_HEAD)) expect(r.err.endsWith('listening|closing}\n')).toBe(true);
      else expect(r.err).toBe(err);
      expect(r.exit).toBe(exit);
    });
  }

  it('ss -V and ss -h', () => {
    expect(run(labWorld(), 'db1', 'ss -V').out).toBe('ss utility, iproute2-6.1.0\n');
    const h = run(labWorld(), 'db1', 'ss -h');
    expect(h.out.startsWith(SS_USAGE_HEAD)).toBe(true);
    expect(h.exit).toBe(0);
  });
});

describe('ss details', () => {
  it('ss -s counts the open sockets', () => {
    const r = run(labWorld(), 'dns1', 'ss -s');
    expect(r.out).toBe(
      'Total: 2\nTCP:   1 (estab 0, closed 0, orphaned 0, timewait 0)\n\nTransport Total     IP        IPv6\n' +
        'RAW\t  0         0         0        \nUDP\t  1         1         0        \nTCP\t  1         1         0        \n' +
        'INET\t  2         2         0        \nFRAG\t  0         0         0        \n\n',
    );
  });

  it('ss -s -t prints the summary, then the (connected) TCP sockets', () => {
    const r = run(labWorld(), 'dns1', 'ss -s -t');
    expect(r.out.endsWith('\n\nState   Recv-Q   Send-Q     Local Address:Port     Peer Address:Port  Process   \n')).toBe(true);
  });

  it('ss -e adds inode, socket and cgroup', () => {
    const r = run(labWorld(), 'db1', 'ss -tlne sport = :8080 | cat');
    expect(r.out).toMatch(/^LISTEN 0      5          10\.0\.2\.10:8080      0\.0\.0\.0:\*    ino:\d+ sk:[0-9a-f]+ cgroup:\/system\.slice\/orders-api\.service <->$/m);
  });

  it('netstat -e adds user and inode', () => {
    const r = run(labWorld(), 'db1', 'netstat -tlen');
    expect(r.out.split('\n')[1]).toBe('Proto Recv-Q Send-Q Local Address           Foreign Address         State       User       Inode     ');
    expect(r.out.split('\n')[2]).toMatch(/^tcp        0      0 10\.0\.2\.10:8080          0\.0\.0\.0:\*               LISTEN      0          \d{5} {5}$/);
  });

  it('ss resolves service names and, with -r, host names from /etc/hosts', () => {
    const r = run(labWorld(), 'db1', 'ss -ltr sport = :5432 | cat');
    expect(r.out).toBe('State  Recv-Q Send-Q Local Address:Port       Peer Address:PortProcess\nLISTEN 0      1                db1:postgresql      0.0.0.0:*          \n');
  });

  it('netstat shows the process title sshd gives itself, cut to 19 characters', () => {
    const w = labWorld();
    w.hosts.web1.units.ssh = { ...structuredClone(w.hosts.db1.units['pg-stub']), name: 'ssh', mainPid: 596, execStart: '/usr/sbin/sshd -D' };
    const ssh = w.hosts.web1.units.ssh;
    ssh.listeners = [{ ...ssh.listeners[0], process: 'sshd', pid: 596, addr: 0, port: 22, fd: undefined, backlog: undefined }];
    expect(run(w, 'web1', 'netstat -tlnp').out.split('\n')[2]).toBe('tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      596/sshd: /usr/sbin ');
    // as real ss prints one such socket (the last socket's Process field is not measured)
    expect(run(w, 'web1', 'ss -Htlnp').out).toBe('LISTEN      0           128               0.0.0.0:22             0.0.0.0:*       users:(("sshd",pid=596,fd=3))\n');
  });

  it('netstat -i lists the up interfaces by name with their counters', () => {
    const w = labWorld();
    w.hosts.web1.ifaces[1].stats.rxPackets = 1234;
    w.hosts.web1.ifaces[1].stats.txPackets = 567;
    expect(run(w, 'web1', 'netstat -i').out).toBe(
      'Kernel Interface table\n' +
        'Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n' +
        'eth0             1500     1234      0      0 0           567      0      0      0 BMRU\n' +
        'lo              65536        0      0      0 0             0      0      0      0 LRU\n',
    );
  });

  it('ss -F reads the filter from a file', () => {
    const w = labWorld();
    w.hosts.db1.files['/root/filter'] = '# postgres only\nsport = :5432\n';
    expect(run(w, 'db1', 'ss -Htln -F /root/filter | cat').out).toBe('LISTEN 0      1      10.0.2.10:5432 0.0.0.0:*\n');
    expect(run(w, 'db1', 'ss -tln -F /root/nope')).toEqual({ out: '', err: 'fopen filter file: No such file or directory\n', exit: 255 });
  });
});

