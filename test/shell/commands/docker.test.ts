// The docker CLI through the shell: what the tables show for the simulated Engine, and what
// happens on a host without Docker or with the daemon stopped. (Byte-for-byte formats are
// checked against the real CLI in test/sim/docker/docker-diff.test.ts.)
import { describe, expect, it } from 'vitest';
import { shell } from '../../helpers/run.js';
import { dockerWorld } from './docker-world.js';

describe('docker', () => {
  it('lists running containers, newest first', () => {
    const r = dockerWorld().run('docker ps');
    expect(r.exit).toBe(0);
    expect(r.out.split('\n').map((l) => l.split(/\s{3,}/).at(-1))).toEqual(['NAMES', 'web', 'cache', '']);
    expect(r.out).toContain('0.0.0.0:8080->80/tcp, [::]:8080->80/tcp');
  });

  it('shows exited containers with -a and their logs on the right streams', () => {
    const { run } = dockerWorld();
    expect(run('docker ps -a --format "{{.Names}}: {{.Status}}"').out).toBe('shop-api: Exited (1) 47 minutes ago\nweb: Up 5 hours\ncache: Up 3 days (healthy)\nmigrate: Exited (0) 4 weeks ago\n');
    const logs = run('docker logs shop-api');
    expect(logs.out).toBe('Starting shop API on :8000\n');
    expect(logs.err).toBe('redis.exceptions.ConnectionError: Error -2 connecting to redis:6379. Name or service not known.\n');
  });

  it('shows which containers sit on which network', () => {
    const r = dockerWorld().run('docker network inspect -f "{{json .Containers}}" app-net');
    expect(r.out).toContain('"IPv4Address":"172.18.0.2/16"');
  });

  it('needs a running daemon', () => {
    const { world, run } = dockerWorld();
    world.hosts.web1.units.docker.state = 'inactive';
    expect(run('docker ps')).toMatchObject({ out: '', err: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n', exit: 1 });
  });

  it('does not exist on a host without Docker', () => {
    expect(shell().run('docker ps')).toMatchObject({ err: 'bash: docker: command not found\n', exit: 127 });
  });
});
