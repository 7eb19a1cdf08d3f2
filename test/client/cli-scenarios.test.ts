// The scenario subcommands of the CLI, as a scenario author runs them.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function opsdrill(args: string[], input = '') {
  const r = spawnSync('npx', ['tsx', 'client/cli.ts', ...args], { input, encoding: 'utf8', env: { ...process.env, npm_config_nodedir: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr.split('\n').filter((l) => !l.startsWith('npm warn')).join('\n') };
}

describe('opsdrill lint / report', () => {
  it('lint prints file:line: problem for a broken file and exits 1', () => {
    const r = opsdrill(['lint', 'test/fixtures/scenarios/broken-world.yaml']);
    expect(r).toMatchObject({ code: 1, out: 'test/fixtures/scenarios/broken-world.yaml:13: world: unknown field "nic"\n1 file(s), 0 scenario(s), 1 error(s)\n' });
  });

  it('report plays stdin as a team and prints the Markdown report', () => {
    const r = opsdrill(['report', 'scenarios/ws-cannot-reach-shop.yaml', '--seed', '1'], '@alice ip link set eth0 up\n@bob ip route add default via 10.10.10.1\n');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# After-action report: The shop is down for one desk\n/);
    expect(r.out).toContain('| 0:10 | bob | root@ws1 | `ip route add default via 10.10.10.1` | 0 | yes |');
  });
});
