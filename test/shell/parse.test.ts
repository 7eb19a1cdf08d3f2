// The command-line parser: structure of lists/pipelines/redirections, bash's syntax
// errors (interactive wording, checked against bash 5.2), and word expansion.
import { describe, expect, it } from 'vitest';
import { expandWord, parseLine } from '../../server/shell/parse.js';

const words = (line: string) => {
  const r = parseLine(line);
  if (!r.ok) throw new Error(r.error);
  return r.list.map((item) => [item.connector, item.pipeline.negate, item.pipeline.commands.map((c) => [c.words, c.redirects])]);
};

describe('structure', () => {
  it.each([
    ['echo a', [[';', false, [[['echo', 'a'], []]]]]],
    ['', []],
    ['   # only a comment', []],
    ['echo a # trailing', [[';', false, [[['echo', 'a'], []]]]]],
    ['echo a#b', [[';', false, [[['echo', 'a\\#b'], []]]]]],
    ['a; b && c || d', [[';', false, [[['a'], []]]], [';', false, [[['b'], []]]], ['&&', false, [[['c'], []]]], ['||', false, [[['d'], []]]]]],
    ['a | b | c', [[';', false, [[['a'], []], [['b'], []], [['c'], []]]]]],
    ['! a | b', [[';', true, [[['a'], []], [['b'], []]]]]],
    ['!', [[';', true, []]]],
    ["echo 'a b' \"c d\" e\\ f", [[';', false, [[['echo', "'a b'", '"c d"', 'e\\ f'], []]]]]],
    ['a>f', [[';', false, [[['a'], [{ fd: 1, op: '>', target: 'f' }]]]]]],
    ['a 2>/dev/null >>log', [[';', false, [[['a'], [{ fd: 2, op: '>', target: '/dev/null' }, { fd: 1, op: '>>', target: 'log' }]]]]]],
    ['a 2 > f', [[';', false, [[['a', '2'], [{ fd: 1, op: '>', target: 'f' }]]]]]],
    ['a 2>&1 | b', [[';', false, [[['a'], [{ fd: 2, op: '>&', target: '1' }]], [['b'], []]]]]],
    ['a |& b', [[';', false, [[['a'], [{ fd: 2, op: '>&', target: '1' }]], [['b'], []]]]]],
    ['a &> f', [[';', false, [[['a'], [{ fd: 1, op: '&>', target: 'f' }]]]]]],
    ['a < in', [[';', false, [[['a'], [{ fd: 0, op: '<', target: 'in' }]]]]]],
    ['a <<< "x y"', [[';', false, [[['a'], [{ fd: 0, op: '<<<', target: '"x y"' }]]]]]],
    ['> f', [[';', false, [[[], [{ fd: 1, op: '>', target: 'f' }]]]]]],
    ['a;', [[';', false, [[['a'], []]]]]],
    ['a\nb', [[';', false, [[['a'], []]]], [';', false, [[['b'], []]]]]],
    ['a &&\nb', [[';', false, [[['a'], []]]], ['&&', false, [[['b'], []]]]]],
    ['echo ${A:-x y}', [[';', false, [[['echo', '${A:-x\\ y}'], []]]]]],
  ])('%j', (line, expected) => {
    expect(words(line)).toEqual(expected);
  });
});

describe('syntax errors (what interactive bash 5.2 prints)', () => {
  it.each([
    ['| grep x', "bash: syntax error near unexpected token `|'"],
    ['; ls', "bash: syntax error near unexpected token `;'"],
    [';;', "bash: syntax error near unexpected token `;;'"],
    ['ls ;; ls', "bash: syntax error near unexpected token `;;'"],
    ['echo a && && b', "bash: syntax error near unexpected token `&&'"],
    ['echo a | | b', "bash: syntax error near unexpected token `|'"],
    ['echo a; ; b', "bash: syntax error near unexpected token `;'"],
    ['&& ls', "bash: syntax error near unexpected token `&&'"],
    ['echo a > ', "bash: syntax error near unexpected token `newline'"],
    ['echo a >>', "bash: syntax error near unexpected token `newline'"],
    ['echo a 2>', "bash: syntax error near unexpected token `newline'"],
    ['echo a >&', "bash: syntax error near unexpected token `newline'"],
    ['echo a > | b', "bash: syntax error near unexpected token `|'"],
    ['echo (a)', "bash: syntax error near unexpected token `a'"],
    ['echo a (b', "bash: syntax error near unexpected token `('"],
    ['echo (', "bash: syntax error near unexpected token `newline'"],
    ['echo )', "bash: syntax error near unexpected token `)'"],
    ['ls &&', 'bash: syntax error: unexpected end of file'],
    ['ls ||', 'bash: syntax error: unexpected end of file'],
    ['ls |', 'bash: syntax error: unexpected end of file'],
    ["echo 'a", "bash: unexpected EOF while looking for matching `''"],
    ['echo "a', 'bash: unexpected EOF while looking for matching `"\''],
    ['echo ${A', "bash: unexpected EOF while looking for matching `}'"],
    ["| echo 'a", "bash: syntax error near unexpected token `|'"],
    ['echo $(whoami)', 'bash: command substitution is not supported by this simulated shell'],
    ['echo `whoami`', 'bash: command substitution is not supported by this simulated shell'],
    ['ping x | cat &', 'bash: running a pipeline or a list in the background (&) is not supported by this simulated shell'],
    ['true && ping x &', 'bash: running a pipeline or a list in the background (&) is not supported by this simulated shell'],
    ['ping x & ;', "bash: syntax error near unexpected token `;'"],
    ['ping x & &', "bash: syntax error near unexpected token `&'"],
    ['cat <<', "bash: syntax error near unexpected token `newline'"],
    ['cat << | x', "bash: syntax error near unexpected token `|'"],
  ])('%j', (line, error) => {
    expect(parseLine(line)).toEqual({ ok: false, error });
  });
});

describe('here-documents', () => {
  const redirect = (line: string) => {
    const r = parseLine(line);
    if (!r.ok) throw new Error(r.error);
    return { redirects: r.list[0].pipeline.commands[0].redirects, warnings: r.warnings, items: r.list.length };
  };
  it('reads the body up to the delimiter line', () => {
    expect(redirect('cat <<EOF\na $X\n  b\nEOF')).toEqual({
      redirects: [{ fd: 0, op: '<<', target: 'EOF', heredoc: { body: 'a $X\n  b\n', expand: true } }], warnings: undefined, items: 1,
    });
  });
  it('does not expand with a quoted delimiter and strips tabs with <<-', () => {
    expect(redirect("cat <<'EOF'\n$X\nEOF").redirects[0].heredoc).toEqual({ body: '$X\n', expand: false });
    expect(redirect('cat <<"E F"\nx\nE F').redirects[0].heredoc).toEqual({ body: 'x\n', expand: false });
    expect(redirect('cat <<-EOF\n\t\tx\n\tEOF').redirects[0].heredoc).toEqual({ body: 'x\n', expand: true });
  });
  it('goes on with the rest of the line and the lines after the body', () => {
    const r = parseLine('cat <<A | grep x; echo y\nx1\nA\necho z');
    expect(r.ok && r.list.map((i) => i.pipeline.commands.map((c) => c.words))).toEqual([[['cat'], ['grep', 'x']], [['echo', 'y']], [['echo', 'z']]]);
  });
  it('warns when the input ends before the delimiter', () => {
    expect(redirect('cat <<EOF\nx')).toMatchObject({ warnings: ["bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')"] });
    expect(redirect('cat << EOF').redirects[0].heredoc).toEqual({ body: '', expand: true });
  });
});

describe('expandWord', () => {
  const scope = () => ({ env: { HOME: '/root', A: 'x y', E: '', N: '42' } as Record<string, string>, status: 3 });
  it.each([
    ['plain', ['plain']],
    ["'a b'", ['a b']],
    ['"a b"', ['a b']],
    ["'$A'", ['$A']],
    ['"$A"', ['x y']],
    ['$A', ['x', 'y']],
    ['$E', []],
    ['"$E"', ['']],
    ['${N}0', ['420']],
    ['$NOPE.x', ['.x']],
    ['$?', ['3']],
    ['"$?"', ['3']],
    ['$', ['$']],
    ['\\$A', ['$A']],
    ['a\\ b', ['a b']],
    ['"a\\"b"', ['a"b']],
    ["$'a\\tb'", ['a\tb']],
    ['~', ['/root']],
    ['~/x', ['/root/x']],
    ['a~', ['a~']],
    ['*.txt', ['*.txt']],
    ['${E:-dflt}', ['dflt']],
    ['${E-dflt}', []],
    ['${N:+set}', ['set']],
    ['${#N}', ['2']],
    ['$1abc', ['abc']],
    ['a\\#b', ['a#b']],
  ])('%s', (raw, fields) => {
    expect(expandWord(raw, scope())).toEqual({ ok: true, fields });
  });
  it('reports a bad substitution like bash', () => {
    expect(expandWord('${}', scope())).toEqual({ ok: false, error: 'bash: ${}: bad substitution' });
    expect(expandWord('${A\\ B}', scope())).toEqual({ ok: false, error: 'bash: ${A B}: bad substitution' });
  });
  it('assigns with ${NAME:=word}', () => {
    const s = scope();
    expect(expandWord('${Z:=zed}', s)).toEqual({ ok: true, fields: ['zed'] });
    expect(s.env.Z).toBe('zed');
  });
  it('does not split when asked for one field', () => {
    expect(expandWord('$A', scope(), false)).toEqual({ ok: true, fields: ['x y'] });
  });
});
