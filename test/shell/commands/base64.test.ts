// base64 (GNU coreutils 9.1): golden cases, the same invocations checked against the real
// base64 where it is installed, and the `kubectl get secret ... | base64 -d` pipeline.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../../../server/shell/commands/index.js';
import { exec, shell } from '../../helpers/run.js';
import { kubeWorld } from './kubectl-world.js';

type Row = [args: string[], stdin: string, stdout: string, stderr: string, exit: number];

const TRY = "Try 'base64 --help' for more information.\n";

const CASES: Row[] = [
  [[], 'hi\n', 'aGkK\n', '', 0],
  [[], '', '', '', 0],
  [['-w0'], 'hi', 'aGk=', '', 0],
  [['-w', '4'], 'hello world', 'aGVs\nbG8g\nd29y\nbGQ=\n', '', 0],
  [['--wrap=010'], 'hello world and more\n', 'aGVsbG8gd2\n9ybGQgYW5k\nIG1vcmUK\n', '', 0],
  [['-w', ' +5'], 'hi\n', 'aGkK\n', '', 0],
  [[], 'x'.repeat(60), 'eHh4'.repeat(19) + '\n' + 'eHh4'.repeat(1) + '\n', '', 0],
  [['-d'], 'aGkK\n', 'hi\n', '', 0],
  [['--decode'], 'aGkK\naGkK\n', 'hi\nhi\n', '', 0],
  [['-d'], 'aGk=aGk=', 'hihi', '', 0],
  [['-d'], 'aGk', 'hi', 'base64: invalid input\n', 1],
  [['-d'], 'aG', 'h', 'base64: invalid input\n', 1],
  [['-d'], 'a', '', 'base64: invalid input\n', 1],
  [['-d'], 'aGkK!!', 'hi\n', 'base64: invalid input\n', 1],
  [['-d'], ' aGkK', '', 'base64: invalid input\n', 1],
  [['-d'], 'aGkK===', 'hi\n', 'base64: invalid input\n', 1],
  [['-d'], 'aGkKaG!kK', 'hi\nh', 'base64: invalid input\n', 1],
  [['-di'], 'aGkK!!', 'hi\n', '', 0],
  [['-d', '-i'], 'a!G k\tK', 'hi\n', '', 0],
  [['-di'], 'aGk=x', 'hi', 'base64: invalid input\n', 1],
  [['-d'], 'czNjcjN0', 's3cr3t', '', 0],
  [['-w', 'x'], '', '', 'base64: invalid wrap size: ‘x’\n', 1],
  [['-w', '-1'], '', '', 'base64: invalid wrap size: ‘-1’\n', 1],
  [['-w', ''], '', '', 'base64: invalid wrap size: ‘’\n', 1],
  [['-w', '5 '], '', '', 'base64: invalid wrap size: ‘5 ’\n', 1],
  [['-w'], '', '', "base64: option requires an argument -- 'w'\n" + TRY, 1],
  [['a', 'b'], '', '', 'base64: extra operand ‘b’\n' + TRY, 1],
  [['nofile'], '', '', 'base64: nofile: No such file or directory\n', 1],
  [['/tmp'], '', '', 'base64: read error: Is a directory\n', 1],
  [['--foo'], '', '', "base64: unrecognized option '--foo'\n" + TRY, 1],
  [['-x'], '', '', "base64: invalid option -- 'x'\n" + TRY, 1],
  [['-'], 'hi\n', 'aGkK\n', '', 0],
];

const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

function sim(args: string[], stdin: string) {
  const { run } = shell();
  const line = `printf '%s' ${quote(stdin)} | base64 ${args.map(quote).join(' ')}`;
  return run(line);
}

describe('base64', () => {
  it.each(CASES)('base64 %j <<< %j', (args, stdin, stdout, stderr, exit) => {
    const r = sim(args, stdin);
    expect({ stdout: r.out, stderr: r.err, exit: r.exit }).toEqual({ stdout, stderr, exit });
  });

  it('--help and --version', () => {
    const { run } = shell();
    const help = run('base64 --help');
    expect(help.out).toMatch(/^Usage: base64 \[OPTION\]\.\.\. \[FILE\]\n/);
    expect(help.out).toContain('  -w, --wrap=COLS       wrap encoded lines after COLS character (default 76).\n');
    expect(run('base64 --version').out.split('\n')[0]).toBe('base64 (GNU coreutils) 9.1');
  });

  it('encodes and decodes a file', () => {
    const { run } = shell({ files: { '/root/pw.txt': 'hunter2\n' } });
    expect(run('base64 pw.txt').out).toBe('aHVudGVyMgo=\n');
    expect(run('base64 pw.txt | base64 -d').out).toBe('hunter2\n');
    expect(run('echo -n héllo | base64').out).toBe('aMOpbGxv\n');
    expect(run('echo aMOpbGxv | base64 -d').out).toBe('héllo');
  });

  const real = spawnSync('base64', ['--version'], { encoding: 'utf8' });
  const hasReal = real.status === 0 && real.stdout.startsWith('base64 (GNU coreutils) 9.');
  it.skipIf(!hasReal)('agrees with the real GNU base64 on every case (files relative to /)', () => {
    for (const [args, stdin] of CASES) {
      const theirs = spawnSync('base64', args, { input: stdin, cwd: '/', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
      const ours = sim(args, stdin);
      expect({ args, stdout: ours.out, stderr: ours.err, exit: ours.exit }).toEqual({
        args, stdout: new TextDecoder().decode(theirs.stdout), stderr: theirs.stderr.toString(), exit: theirs.status,
      });
    }
  });
});

describe('kubectl get secret -o jsonpath | base64 -d', () => {
  const FIXTURE = readFileSync(new URL('../../fixtures/k8s/shop-cluster.yaml', import.meta.url), 'utf8');
  it('prints the decoded password', () => {
    const { world, session } = kubeWorld(FIXTURE, { created: '-41d' });
    const r = exec(world, session, "kubectl get secret api-db-credentials -n shop -o jsonpath='{.data.password}' | base64 -d", commands);
    expect({ out: r.out, err: r.err, exit: r.exit }).toEqual({ out: 's3cr3t', err: '', exit: 0 });
    const user = exec(world, session, "kubectl -n shop get secret api-db-credentials -o jsonpath={.data.username} | base64 --decode; echo", commands);
    expect(user.out).toBe('shop\n');
  });
});
