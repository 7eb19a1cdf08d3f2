import { describe, expect, it } from 'vitest';
import { humanSize } from '../../../server/shell/commands/disk.js';
import { newSession } from '../../../server/shell/shell.js';
import { exec, shell } from '../../helpers/run.js';

function fullDisk() {
  const sh = shell();
  const host = sh.world.hosts.web1;
  host.files['/var/log/app/debug.log'] = 'DEBUG x\n';
  host.disk.files = { '/var/log/app/debug.log': 16384 };
  host.disk.usedMb = host.disk.sizeMb;
  return sh;
}

describe('df', () => {
  it('prints the mounts of a VM with coreutils column widths', () => {
    const { run } = shell();
    expect(run('df -h')).toMatchObject({
      exit: 0,
      err: '',
      out: [
        'Filesystem      Size  Used Avail Use% Mounted on',
        'udev            1.0G     0  1.0G   0% /dev',
        'tmpfs           205M  1.2M  204M   1% /run',
        '/dev/vda1        20G  4.0G   16G  20% /',
        'tmpfs           1.0G     0  1.0G   0% /dev/shm',
        'tmpfs           5.0M     0  5.0M   0% /run/lock',
        '/dev/vda15      124M   12M  112M  10% /boot/efi',
        'tmpfs           205M     0  205M   0% /run/user/0',
        '',
      ].join('\n'),
    });
  });

  it('shows a full root filesystem for a path, in 1K blocks by default', () => {
    const { run } = fullDisk();
    expect(run('df -h /var/log').out).toBe('Filesystem      Size  Used Avail Use% Mounted on\n/dev/vda1        20G   20G     0 100% /\n');
    expect(run('df /').out).toBe('Filesystem     1K-blocks     Used Available Use% Mounted on\n/dev/vda1       20971520 20971520         0 100% /\n');
  });

  it('reports a missing path and a bad option like coreutils', () => {
    const { run } = shell();
    expect(run('df /nope')).toMatchObject({ exit: 1, out: '', err: 'df: /nope: No such file or directory\n' });
    expect(run('df -z')).toMatchObject({ exit: 1, err: "df: invalid option -- 'z'\nTry 'df --help' for more information.\n" });
  });
});

describe('du, rm and truncate free the space', () => {
  it('du finds the big file', () => {
    const { run } = fullDisk();
    expect(run('du -sh /var/log').out).toBe('17G\t/var/log\n');
    expect(run('du -h --max-depth=1 /var/log').out).toBe('17G\t/var/log/app\n17G\t/var/log\n');
  });

  it('rm deletes the file and gives its space back', () => {
    const { run, world } = fullDisk();
    expect(run('rm /var/log/app/debug.log')).toMatchObject({ exit: 0, out: '', err: '' });
    expect(world.hosts.web1.disk.usedMb).toBe(20480 - 16384);
    expect(run('rm /var/log/app/debug.log')).toMatchObject({ exit: 1, err: "rm: cannot remove '/var/log/app/debug.log': No such file or directory\n" });
    expect(run('rm -f /var/log/app/debug.log').exit).toBe(0);
    expect(run('rm /var/log').err).toBe("rm: cannot remove '/var/log': Is a directory\n");
  });

  it('truncate empties the file in place', () => {
    const { run, world } = fullDisk();
    expect(run('truncate -s 0 /var/log/app/debug.log')).toMatchObject({ exit: 0, out: '', err: '' });
    expect(world.hosts.web1.files['/var/log/app/debug.log']).toBe('');
    expect(run('df -h /').out).toContain('/dev/vda1        20G  4.0G   16G  20% /');
    expect(run('truncate /tmp/x').err).toBe("truncate: you must specify either '--size' or '--reference'\nTry 'truncate --help' for more information.\n");
  });

  it('> file truncates it and frees the space; >> keeps it', () => {
    const { run, world } = fullDisk();
    const disk = world.hosts.web1.disk;
    expect(run('echo rotated >> /var/log/app/debug.log')).toMatchObject({ exit: 0, out: '', err: '' });
    expect(disk.usedMb).toBe(disk.sizeMb);
    expect(run('> /var/log/app/debug.log')).toMatchObject({ exit: 0, out: '', err: '' });
    expect(world.hosts.web1.files['/var/log/app/debug.log']).toBe('');
    expect(disk.files).toEqual({});
    expect(run('df -h /').out).toContain('/dev/vda1        20G  4.0G   16G  20% /');
    expect(run('du -h /var/log/app/debug.log').out).toBe('0\t/var/log/app/debug.log\n');
  });

  it('writing over the file with a command frees its space too', () => {
    const { run, world } = fullDisk();
    expect(run('echo restarted > /var/log/app/debug.log').exit).toBe(0);
    expect(world.hosts.web1.files['/var/log/app/debug.log']).toBe('restarted\n');
    expect(world.hosts.web1.disk.usedMb).toBe(20480 - 16384);
  });

  it('a redirection that fails frees nothing', () => {
    const { world, session } = fullDisk();
    const alice = newSession(world, 'web1', 'alice');
    expect(exec(world, alice, '> /var/log/app/debug.log')).toMatchObject({ exit: 1, err: 'bash: /var/log/app/debug.log: Permission denied\n' });
    expect(world.hosts.web1.disk.usedMb).toBe(world.hosts.web1.disk.sizeMb);
    expect(exec(world, session, 'cat /var/log/app/debug.log').out).toBe('DEBUG x\n');
  });

  it('only root removes files outside /tmp and the home directory', () => {
    const { run } = shell({ user: 'alice' });
    expect(run('rm /etc/hosts')).toMatchObject({ exit: 1, err: "rm: cannot remove '/etc/hosts': Permission denied\n" });
  });
});

describe('human-readable sizes', () => {
  it('rounds up like coreutils -h', () => {
    expect([0, 1023, 1024, 1100, 10 * 1024 * 1024 + 1, 20 * 1024 ** 3].map(humanSize)).toEqual(['0', '1023', '1.0K', '1.1K', '11M', '20G']);
  });
});
