// execLine: lists, pipes, redirections, exit statuses, simulated time, randomness,
// limits, and the session (history, prompt, $?).
import { describe, expect, it } from 'vitest';
import { commands } from '../../server/shell/commands/index.js';
import { MAX_LINE, execLine, newSession, prompt, runNested } from '../../server/shell/shell.js';
import type { CommandSpec } from '../../server/shell/types.js';
import { exec, shell } from '../helpers/run.js';
import { tinyWorld } from '../helpers/world.js';

type Row = [line: string, stdout: string, stderr: string, exit: number];

describe('lists, pipes and redirections (as interactive bash 5.2 runs them)', () => {
  it.each<Row>([
    ['echo a; echo b', 'a\nb\n', '', 0],
    ['false && echo no', '', '', 1],
    ['false || echo yes', 'yes\n', '', 0],
    ['echo a || echo b && echo c', 'a\nc\n', '', 0],
    ['false || echo b && echo c', 'b\nc\n', '', 0],
    ['false && echo b || echo c', 'c\n', '', 0],
    ['false; echo $?', '1\n', '', 0],
    ['foo; echo $?', '127\n', 'bash: foo: command not found\n', 0],
    ['foo bar', '', 'bash: foo: command not found\n', 127],
    ['"" x', '', 'bash: : command not found\n', 127],
    ['! true; echo $?', '1\n', '', 0],
    ['!', '', '', 1],
    ['! ! true; echo $?', '0\n', '', 0],
    ['echo a | false; echo $?', '1\n', '', 0],
    ['false | echo x; echo $?', 'x\n0\n', '', 0],
    ['echo a|grep a', 'a\n', '', 0],
    ['echo a | grep b', '', '', 1],
    ['cat /nonexistent | grep x', '', 'cat: /nonexistent: No such file or directory\n', 1],
    ['cat /nonexistent 2>&1 | tr a-z A-Z', 'CAT: /NONEXISTENT: NO SUCH FILE OR DIRECTORY\n', '', 0],
    ['cat /nonexistent |& tr a-z A-Z', 'CAT: /NONEXISTENT: NO SUCH FILE OR DIRECTORY\n', '', 0],
    ['cat /nonexistent 2>/dev/null; echo $?', '1\n', '', 0],
    ['echo a 2>&1 >/dev/null', '', '', 0],
    ['echo a 1>&2', '', 'a\n', 0],
    ['echo a >&2 | cat', '', 'a\n', 0],
    ['echo a >&3', '', 'bash: 3: Bad file descriptor\n', 1],
    ['echo a 2>&x', '', 'bash: x: ambiguous redirect\n', 1],
    ['echo a > $NOPE', '', 'bash: $NOPE: ambiguous redirect\n', 1],
    ['A="x y"; echo a > $A', '', 'bash: $A: ambiguous redirect\n', 1],
    ['echo a > ""', '', 'bash: : No such file or directory\n', 1],
    ['echo x > /nonexistent/dir/f', '', 'bash: /nonexistent/dir/f: No such file or directory\n', 1],
    ['echo x > /etc', '', 'bash: /etc: Is a directory\n', 1],
    ['echo x > /etc/hosts/y', '', 'bash: /etc/hosts/y: Not a directory\n', 1],
    ['cat < /nonexistent; echo $?', '1\n', 'bash: /nonexistent: No such file or directory\n', 0],
    ['cat < /etc/hostname', 'web1\n', '', 0],
    ['cat <<< "$HOME x"', '/root x\n', '', 0],
    ['cat <<EOF\n$HOME "q" \\$HOME ${NOPE:-d}\nEOF', '/root "q" $HOME d\n', '', 0],
    ["cat <<'EOF'\n$HOME\nEOF", '$HOME\n', '', 0],
    ['cat <<-EOF | tr a-z A-Z; echo $?\n\tab\n\tEOF', 'AB\n0\n', '', 0],
    ['cat <<EOF\nx', 'x\n', "bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n", 0],
    ['cat <<EOF\n$(id)\nEOF', '', 'bash: command substitution is not supported by this simulated shell\n', 1],
    ['echo one > /tmp/o; echo two >> /tmp/o; cat /tmp/o', 'one\ntwo\n', '', 0],
    ['echo hi > /tmp/q 2>&1; cat /tmp/q', 'hi\n', '', 0],
    ['cat /etc/hostname /nope &> /tmp/both; cat /tmp/both', 'web1\ncat: /nope: No such file or directory\n', '', 0],
    ['echo x >/dev/stderr', '', 'x\n', 0],
    ['> /tmp/empty; cat /tmp/empty; echo $?', '0\n', '', 0],
    ['echo ${}; echo b', '', 'bash: ${}: bad substitution\n', 1],
    ['echo ${} | cat; echo b', 'b\n', 'bash: ${}: bad substitution\n', 0],
    ['echo $HOME ${HOME}x $NOPE.x', '/root /rootx .x\n', '', 0],
    ['echo \'$HOME\' "$HOME" \\$HOME', '$HOME /root $HOME\n', '', 0],
    ['echo a#b #c', 'a#b\n', '', 0],
    ['echo ~ ~/x a~', '/root /root/x a~\n', '', 0],
    ['a=1 b=2; echo $a$b', '12\n', '', 0],
    ['A="x y"; echo $A; echo "$A"', 'x y\nx y\n', '', 0],
    ['echo *', '*\n', '', 0],
    ["| grep x", '', "bash: syntax error near unexpected token `|'\n", 2],
    ["echo 'a", '', "bash: unexpected EOF while looking for matching `''\n", 2],
    ['ls &&', '', 'bash: syntax error: unexpected end of file\n', 2],
  ])('%s', (line, stdout, stderr, exit) => {
    const r = shell().run(line);
    expect({ out: r.out, err: r.err, exit: r.exit }).toEqual({ out: stdout, err: stderr, exit });
  });

  it('truncates the target of > even when the command fails', () => {
    const sh = shell();
    sh.run('echo old > /tmp/f');
    expect(sh.run('grep nomatch /etc/hosts > /tmp/f').exit).toBe(1);
    expect(sh.world.hosts.web1.files['/tmp/f']).toBe('');
  });
});

describe('the session', () => {
  it('keeps $? across lines and after syntax errors', () => {
    const sh = shell();
    sh.run('false');
    expect(sh.run('echo $?').out).toBe('1\n');
    sh.run('| x');
    expect(sh.run('echo $?').out).toBe('2\n');
    expect(sh.run('').exit).toBe(0);
  });
  it('records non-blank lines in history, including syntax errors', () => {
    const sh = shell();
    sh.run('echo a');
    sh.run('   ');
    sh.run('| x');
    expect(sh.session.history).toEqual(['echo a', '| x']);
  });
  it('renders the Debian prompt with ~ for the home directory', () => {
    const sh = shell();
    expect(prompt(sh.session)).toBe('root@web1:~# ');
    sh.run('cd /etc/nginx');
    expect(prompt(sh.session)).toBe('root@web1:/etc/nginx# ');
    const w = tinyWorld();
    const s = newSession(w, 'web1', 'alice');
    expect(prompt(s)).toBe('alice@web1:~$ ');
    s.cwd = '/home/alice/src';
    expect(prompt(s)).toBe('alice@web1:~/src$ ');
  });
});

describe('commands and their context', () => {
  const sleepy: CommandSpec = {
    summary: 'test: waits and writes',
    run: (ctx) => {
      ctx.out(`start ${ctx.elapsed}\n`);
      ctx.wait(1000);
      ctx.err(`mid ${ctx.elapsed} now=${ctx.world.now}\n`);
      ctx.wait(500);
      ctx.out(`stdin=${JSON.stringify(ctx.stdin)} tty=${ctx.isatty}\n`);
      return 0;
    },
  };
  const registry = { ...commands, sleepy };

  it('stamps chunks with the simulated ms since the line started and rewinds world.now', () => {
    const sh = shell();
    sh.world.now = 10_000;
    const r = exec(sh.world, sh.session, 'sleepy; sleepy | cat', registry);
    expect(r.chunks).toEqual([
      { fd: 1, text: 'start 0\n', at: 0 },
      { fd: 2, text: 'mid 1000 now=11000\n', at: 1000 },
      { fd: 1, text: 'stdin="" tty=true\n', at: 1500 },
      { fd: 2, text: 'mid 1000 now=12500\n', at: 2500 },
      { fd: 1, text: 'start 0\nstdin="" tty=false\n', at: 3000 },
    ]);
    expect(r.elapsedMs).toBe(3000);
    expect(sh.world.now).toBe(10_000);
  });

  it('draws ctx.random() from the world PRNG', () => {
    const draws: number[] = [];
    const dice: CommandSpec = { summary: 'test', run: (ctx) => (draws.push(ctx.random(), ctx.random()), 0) };
    const a = tinyWorld();
    const b = tinyWorld();
    execLine(a, newSession(a, 'web1'), 'dice', { dice });
    execLine(b, newSession(b, 'web1'), 'dice', { dice });
    expect(draws.slice(0, 2)).toEqual(draws.slice(2));
    expect(draws[0]).not.toBe(draws[1]);
    expect(a.rng).not.toBe(tinyWorld().rng);
    expect(a.rng).toBe(b.rng);
  });

  it('catches a command that throws and reports an internal error', () => {
    const boom: CommandSpec = { summary: 'test', run: () => { throw new Error('bug'); } };
    const sh = shell();
    const r = exec(sh.world, sh.session, 'boom; echo after', { ...commands, boom });
    expect(r).toMatchObject({ out: 'after\n', err: 'bash: boom: internal error\n', exit: 0 });
  });

  it('treats a non-integer status as failure and wraps statuses to 0..255', () => {
    const odd: CommandSpec = { summary: 'test', run: (ctx) => (ctx.argv[1] === 'nan' ? NaN : Number(ctx.argv[1])) };
    const sh = shell();
    const run = (line: string) => exec(sh.world, sh.session, line, { odd }).exit;
    expect(run('odd nan')).toBe(1);
    expect(run('odd 256')).toBe(0);
    expect(run('odd -1')).toBe(255);
  });

  it('lets a command run another one (sudo, env) with the same output', () => {
    const wrap: CommandSpec = { summary: 'test', run: (ctx) => runNested(ctx, ctx.argv.slice(1), 'nobody') ?? 99 };
    const sh = shell();
    const r = exec(sh.world, sh.session, 'wrap whoami; wrap nosuch; whoami', { ...commands, wrap });
    expect(r).toMatchObject({ out: 'nobody\nroot\n', exit: 0 });
    expect(exec(sh.world, sh.session, 'wrap nosuch', { ...commands, wrap }).exit).toBe(99);
  });
});

describe('limits', () => {
  it('refuses a line longer than the limit without running it', () => {
    const sh = shell();
    const r = sh.run('echo ' + 'x'.repeat(MAX_LINE));
    expect(r).toMatchObject({ out: '', err: `bash: command line too long (${MAX_LINE + 5} characters; the limit is ${MAX_LINE})\n`, exit: 2 });
    expect(sh.session.history).toEqual([]);
  });

  it('cuts a command off after 1 MiB of output', () => {
    const flood: CommandSpec = { summary: 'test', run: (ctx) => { for (let i = 0; i < 3000; i++) ctx.out('y'.repeat(1000) + '\n'); return 0; } };
    const sh = shell();
    const r = exec(sh.world, sh.session, 'flood; echo done', { ...commands, flood });
    expect(r.out.length).toBe((1 << 20) + 'done\n'.length);
    expect(r.err).toBe('\nbash: flood: output truncated (more than 1 MiB)\n');
  });

  it('stops a redirection from growing a file past 1 MiB', () => {
    const flood: CommandSpec = { summary: 'test', run: (ctx) => { ctx.out('z'.repeat(700_000)); return 0; } };
    const sh = shell();
    const reg = { ...commands, flood };
    exec(sh.world, sh.session, 'flood > /tmp/big', reg);
    const r = exec(sh.world, sh.session, 'flood >> /tmp/big', reg);
    expect(r).toMatchObject({ err: 'flood: write error: File too large\n', exit: 1 });
    expect(sh.world.hosts.web1.files['/tmp/big'].length).toBe(1 << 20);
  });
});
