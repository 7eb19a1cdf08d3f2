// Builtins and basic utilities; expected texts are what bash 5.2 / coreutils 9.1 print on
// Debian 12 (checked against an interactive `bash -i`).
import { describe, expect, it } from 'vitest';
import { commands } from '../../../server/shell/commands/index.js';
import { prompt } from '../../../server/shell/shell.js';
import { exec, shell } from '../../helpers/run.js';

type Row = [line: string, stdout: string, stderr: string, exit: number];

const rows: Record<string, Row[]> = {
  echo: [
    ['echo hello   world', 'hello world\n', '', 0],
    ['echo -n a; echo b', 'ab\n', '', 0],
    ["echo -e 'a\\tb\\n'", 'a\tb\n\n', '', 0],
    ["echo -E 'a\\tb'", 'a\\tb\n', '', 0],
    ["echo -ne 'x\\ty'", 'x\ty', '', 0],
    ['echo -e "a\\cb"; echo', 'a\n', '', 0],
    ['echo -e "\\x41\\0101"', 'AA\n', '', 0],
    ['echo - a', '- a\n', '', 0],
    ['echo -x a', '-x a\n', '', 0],
    ['echo --help', '--help\n', '', 0],
  ],
  printf: [
    ["printf '%s-%d\\n' a 1 b 2 c", 'a-1\nb-2\nc-0\n', '', 0],
    ["printf '%5.2f|%-5s|%05d|%x|%o|%e|%g\\n' 3.14159 ab 42 255 8 12345.678 0.0001", ' 3.14|ab   |00042|ff|10|1.234568e+04|0.0001\n', '', 0],
    ["printf '%d\\n' abc", '0\n', 'bash: printf: abc: invalid number\n', 1],
    ["printf 'a%5'", 'a', "bash: printf: `%5': missing format character\n", 1],
    ['printf', '', 'printf: usage: printf [-v var] format [arguments]\n', 2],
    ['printf -x', '', 'bash: printf: -x: invalid option\nprintf: usage: printf [-v var] format [arguments]\n', 2],
    ["printf '%c%c\\n' hello world", 'hw\n', '', 0],
  ],
  cd: [
    ['cd /etc; pwd', '/etc\n', '', 0],
    ['cd /nonexistent', '', 'bash: cd: /nonexistent: No such file or directory\n', 1],
    ['cd a b', '', 'bash: cd: too many arguments\n', 1],
    ['cd /etc/hosts', '', 'bash: cd: /etc/hosts: Not a directory\n', 1],
    ['cd /etc/hosts/x', '', 'bash: cd: /etc/hosts/x: Not a directory\n', 1],
    ['cd /tmp; cd; pwd', '/root\n', '', 0],
    ['cd -', '', 'bash: cd: OLDPWD not set\n', 1],
    ['cd /tmp; cd -', '/root\n', '', 0],
    ['cd -x', '', 'bash: cd: -x: invalid option\ncd: usage: cd [-L|[-P [-e]] [-@]] [dir]\n', 2],
    ["cd ''; pwd", '/root\n', '', 0],
    ['cd /etc/nginx/..; pwd', '/etc\n', '', 0],
    ['pwd -x', '', 'bash: pwd: -x: invalid option\npwd: usage: pwd [-LP]\n', 2],
  ],
  identity: [
    ['whoami', 'root\n', '', 0],
    ['whoami x', '', "whoami: extra operand ‘x’\nTry 'whoami --help' for more information.\n", 1],
    ['whoami -z', '', "whoami: invalid option -- 'z'\nTry 'whoami --help' for more information.\n", 1],
    ['id', 'uid=0(root) gid=0(root) groups=0(root)\n', '', 0],
    ['id -u; id -un', '0\nroot\n', '', 0],
    ['id nosuchuser', '', 'id: ‘nosuchuser’: no such user\n', 1],
    ['id -z', '', 'id: option --zero not permitted in default format\n', 1],
    ['hostname', 'web1\n', '', 0],
    ['hostname -I', '10.0.1.10 \n', '', 0],
    ['hostname -s', 'web1\n', '', 0],
  ],
  environment: [
    ['export A=1; echo $A', '1\n', '', 0],
    ['export 1a=2', '', "bash: export: `1a=2': not a valid identifier\n", 1],
    ['export =x', '', "bash: export: `=x': not a valid identifier\n", 1],
    ['export -z', '', 'bash: export: -z: invalid option\nexport: usage: export [-fn] [name[=value] ...] or export -p\n', 2],
    ['export | head -2', 'declare -x HOME="/root"\ndeclare -x LANG="C.UTF-8"\n', '', 0],
    ['A=\'x"y\'; export A; export | grep " A="', 'declare -x A="x\\"y"\n', '', 0],
    ['A=5 env | grep ^A=', 'A=5\n', '', 0],
    ['A=5 env > /dev/null; echo "[$A]"', '[]\n', '', 0],
    ['env | tail -1', '_=/usr/bin/env\n', '', 0],
    ['env -z', '', "env: invalid option -- 'z'\nTry 'env --help' for more information.\n", 125],
    ['env nosuch', '', 'env: ‘nosuch’: No such file or directory\n', 127],
    ['env B=2 printenv', '', 'env: ‘printenv’: No such file or directory\n', 127],
    ['unset HOME; echo "[$HOME]"', '[]\n', '', 0],
    ['unset -z', '', 'bash: unset: -z: invalid option\nunset: usage: unset [-f] [-v] [-n] [name ...]\n', 2],
    ['true; echo $?', '0\n', '', 0],
    ['false; echo $?', '1\n', '', 0],
  ],
  history: [
    ['echo a; history', 'a\n    1  echo a; history\n', '', 0],
    ['history -z', '', 'bash: history: -z: invalid option\nhistory: usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]\n', 2],
    ['history abc', '', 'bash: history: abc: numeric argument required\n', 1],
  ],
  files: [
    ['cat /etc/resolv.conf', 'nameserver 10.0.3.53\nsearch corp.internal\n', '', 0],
    ['cat /nonexistent', '', 'cat: /nonexistent: No such file or directory\n', 1],
    ['cat /etc', '', 'cat: /etc: Is a directory\n', 1],
    ['cat -z', '', "cat: invalid option -- 'z'\nTry 'cat --help' for more information.\n", 1],
    ['cat /root/notes.txt /nonexistent /etc/hostname', 'check the default route\ncheck iptables\nweb1\n', 'cat: /nonexistent: No such file or directory\n', 1],
    ['cat -n notes.txt', '     1\tcheck the default route\n     2\tcheck iptables\n', '', 0],
    ["printf 'a\\tb\\n\\x01\\n' | cat -A", 'a^Ib$\n^A$\n', '', 0],
    ['echo hi | cat - /etc/hostname', 'hi\nweb1\n', '', 0],
    ['cat /proc/sys/net/ipv4/ip_forward', '0\n', '', 0],
    ['ls /nonexistent', '', "ls: cannot access '/nonexistent': No such file or directory\n", 2],
    ['ls -z', '', "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", 2],
    ['ls /etc | cat', 'hostname\nhosts\nnginx\nresolv.conf\n', '', 0],
    ['ls /etc/hosts /var', '/etc/hosts\n\n/var:\nlib  log  tmp\n', '', 0],
    ['ls -a', '.  ..  .bashrc\tnotes.txt\n', '', 0],
    ['ls -A /root', '.bashrc  notes.txt\n', '', 0],
  ],
  tee: [
    ['echo hi | tee /tmp/a /tmp/b; cat /tmp/a /tmp/b', 'hi\nhi\nhi\n', '', 0],
    ['echo one > /tmp/a; echo two | tee -a /tmp/a > /dev/null; cat /tmp/a', 'one\ntwo\n', '', 0],
    ['echo hi | tee /nonexistent/f', 'hi\n', 'tee: /nonexistent/f: No such file or directory\n', 1],
    ['echo 1 | tee /proc/sys/net/ipv4/ip_forward; cat /proc/sys/net/ipv4/ip_forward', '1\n1\n', '', 0],
    ['echo x | tee /proc/sys/net/ipv4/ip_forward', 'x\n', 'tee: /proc/sys/net/ipv4/ip_forward: Invalid argument\n', 1],
  ],
  sudo: [
    ['sudo whoami', 'root\n', '', 0],
    ['sudo nosuch', '', 'sudo: nosuch: command not found\n', 1],
    ['sudo cd /', '', 'sudo: cd: command not found\n', 1],
  ],
  help: [
    ['help nosuch', '', "bash: help: no help topics match `nosuch'.  Try `help help' or `man -k nosuch' or `info nosuch'.\n", 1],
    ['help grep', '  grep  print lines that match patterns\n', '', 0],
    ['exit 3 4', '', 'bash: exit: too many arguments\n', 1],
  ],
};

for (const [family, table] of Object.entries(rows)) {
  describe(family, () => {
    it.each(table)('%s', (line, stdout, stderr, exit) => {
      const r = shell().run(line);
      expect({ out: r.out, err: r.err, exit: r.exit }).toEqual({ out: stdout, err: stderr, exit });
    });
  });
}

describe('ls on a terminal', () => {
  it('prints GNU ls columns (80 wide, tab-indented), one per line into a pipe', () => {
    const sh = shell();
    expect(sh.run('ls /').out).toBe('bin   dev  home  opt   root  sbin  sys\tusr\nboot  etc  lib\t proc  run   srv   tmp\tvar\n');
    expect(sh.run('ls / | head -3').out).toBe('bin\nboot\ndev\n');
  });
  // Each expectation was captured with `COLUMNS=80 ls -C` in a directory holding these names.
  const layout = (names: string[]) => shell({ files: Object.fromEntries(names.map((n) => [`/srv/x/${n}`, ''])) }).run('ls /srv/x').out;
  it('lays out names in columns like coreutils', () => {
    const etc = ['PackageKit', 'X11', 'adduser.conf', 'alternatives', 'apache2', 'gitconfig', 'glvnd', 'gprofng.rc', 'groff', 'group', 'magic',
      'magic.mime', 'manpath.config', 'maven', 'mime.types', 'rc4.d', 'rc5.d', 'rc6.d', 'rcS.d', 'resolv.conf'];
    expect(layout(etc)).toBe('PackageKit    apache2\t  groff       manpath.config  rc5.d\nX11\t      gitconfig   group       maven\t      rc6.d\nadduser.conf  glvnd\t  magic       mime.types      rcS.d\nalternatives  gprofng.rc  magic.mime  rc4.d\t      resolv.conf\n');
  });
  it('falls back to one column when a name is too long to share a line', () => {
    const names = ['a', 'averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongname', 'file-1.txt'];
    expect(layout(names)).toBe(names.join('\n') + '\n');
  });
  it('fills columns top to bottom', () => {
    const names = ['a', ...Array.from({ length: 30 }, (_, i) => `file-number-${i + 1}.txt`)];
    expect(layout(names)).toBe(
      'a\t\t    file-number-16.txt\tfile-number-23.txt  file-number-30.txt\nfile-number-1.txt   file-number-17.txt\tfile-number-24.txt  file-number-4.txt\n' +
        'file-number-10.txt  file-number-18.txt\tfile-number-25.txt  file-number-5.txt\nfile-number-11.txt  file-number-19.txt\tfile-number-26.txt  file-number-6.txt\n' +
        'file-number-12.txt  file-number-2.txt\tfile-number-27.txt  file-number-7.txt\nfile-number-13.txt  file-number-20.txt\tfile-number-28.txt  file-number-8.txt\n' +
        'file-number-14.txt  file-number-21.txt\tfile-number-29.txt  file-number-9.txt\nfile-number-15.txt  file-number-22.txt\tfile-number-3.txt\n',
    );
  });
});

describe('privileges', () => {
  it('keeps a non-root user out of /root and read-only outside home and /tmp', () => {
    const sh = shell({ user: 'alice' });
    expect(prompt(sh.session)).toBe('alice@web1:~$ ');
    expect(sh.run('cat /root/notes.txt')).toMatchObject({ err: 'cat: /root/notes.txt: Permission denied\n', exit: 1 });
    expect(sh.run('cd /root')).toMatchObject({ err: 'bash: cd: /root: Permission denied\n', exit: 1 });
    expect(sh.run('echo x > /etc/motd')).toMatchObject({ err: 'bash: /etc/motd: Permission denied\n', exit: 1 });
    expect(sh.world.hosts.web1.files['/etc/motd']).toBeUndefined();
    expect(sh.run('echo x > ~/f; cat ~/f')).toMatchObject({ out: 'x\n', exit: 0 });
    expect(sh.run('echo 1 > /proc/sys/net/ipv4/ip_forward')).toMatchObject({ err: 'bash: /proc/sys/net/ipv4/ip_forward: Permission denied\n', exit: 1 });
    expect(sh.run('sudo cat /root/notes.txt').out).toBe('check the default route\ncheck iptables\n');
    expect(sh.run('echo 1 | sudo tee /proc/sys/net/ipv4/ip_forward')).toMatchObject({ out: '1\n', err: '', exit: 0 });
    expect(sh.world.hosts.web1.sysctl['net.ipv4.ip_forward']).toBe('1');
    expect(sh.run('whoami').out).toBe('alice\n');
  });
  it('sudo -i opens a root login shell that exit closes', () => {
    const sh = shell({ user: 'alice' });
    sh.run('cd /tmp');
    expect(sh.run('sudo -i')).toMatchObject({ out: '', err: '', exit: 0 });
    expect(prompt(sh.session)).toBe('root@web1:~# ');
    expect(sh.run('exit')).toMatchObject({ out: '', err: 'logout\n', exit: 0 });
    expect(prompt(sh.session)).toBe('alice@web1:/tmp$ ');
  });
});

describe('sysctl through /proc/sys', () => {
  it('writes a numeric setting, refuses a bad value without changing it', () => {
    const sh = shell();
    expect(sh.run('echo 1 > /proc/sys/net/ipv4/ip_forward')).toMatchObject({ err: '', exit: 0 });
    expect(sh.world.hosts.web1.sysctl['net.ipv4.ip_forward']).toBe('1');
    expect(sh.run('echo abc > /proc/sys/net/ipv4/ip_forward')).toMatchObject({ err: 'bash: echo: write error: Invalid argument\n', exit: 1 });
    expect(sh.world.hosts.web1.sysctl['net.ipv4.ip_forward']).toBe('1');
    expect(sh.run('echo 1 > /proc/sys/net/ipv4/nope')).toMatchObject({ err: 'bash: /proc/sys/net/ipv4/nope: No such file or directory\n', exit: 1 });
  });
});

describe('exit and logout', () => {
  it('at the bottom shell print nothing and keep the session', () => {
    const sh = shell();
    expect(sh.run('exit')).toMatchObject({ out: '', err: '', exit: 0 });
    expect(sh.run('logout')).toMatchObject({ out: '', err: '', exit: 0 });
    expect(prompt(sh.session)).toBe('root@web1:~# ');
  });
  it('after a pushed login (ssh) restore the previous shell and print the close message', () => {
    const sh = shell();
    sh.run('cd /etc');
    sh.session.stack.push({ user: 'root', host: 'web1', cwd: '/tmp', env: { HOME: '/root' }, closeMessage: 'Connection to web2 closed.' });
    expect(sh.run('exit 3')).toMatchObject({ out: '', err: 'logout\nConnection to web2 closed.\n', exit: 3 });
    expect(sh.session.cwd).toBe('/tmp');
    expect(sh.session.stack).toEqual([]);
  });
  it('rejects a non-numeric status like bash', () => {
    expect(shell().run('exit abc')).toMatchObject({ err: 'bash: exit: abc: numeric argument required\n', exit: 0 });
  });
});

describe('help and clear', () => {
  it('help lists every registered command, sorted, with its summary', () => {
    const sh = shell();
    const lines = sh.run('help').out.split('\n').slice(1, -1);
    const names = lines.map((l) => l.trim().split(/\s+/)[0]);
    expect(names).toEqual(Object.keys(commands).sort());
  });
  it('clear prints the terminal clear sequence', () => {
    expect(shell().run('clear').out).toBe('\x1b[H\x1b[2J\x1b[3J');
  });
  it('runs /usr/bin/NAME as NAME and reports other paths like bash', () => {
    const sh = shell();
    expect(sh.run('/usr/bin/whoami').out).toBe('root\n');
    expect(sh.run('./deploy.sh')).toMatchObject({ err: 'bash: ./deploy.sh: No such file or directory\n', exit: 127 });
    expect(sh.run('/etc')).toMatchObject({ err: 'bash: /etc: Is a directory\n', exit: 126 });
    expect(sh.run('/etc/hosts')).toMatchObject({ err: 'bash: /etc/hosts: Permission denied\n', exit: 126 });
  });
});

describe('a session on a host without the user home', () => {
  it('creates the home directory of a new player', () => {
    const sh = shell({ user: 'bob' });
    expect(sh.run('pwd; ls -a')).toMatchObject({ out: '/home/bob\n.  ..\n', exit: 0 });
    expect(exec(sh.world, sh.session, 'cd; pwd').out).toBe('/home/bob\n');
  });
});
