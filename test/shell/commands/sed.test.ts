// sed: substitutions with basic and extended regular expressions, addresses, -n/-i, and
// GNU sed 4.9's error messages.
import { describe, expect, it } from 'vitest';
import { shell } from '../../helpers/run.js';

type Row = [line: string, stdout: string, stderr: string, exit: number];

describe('sed', () => {
  it.each<Row>([
    ["printf 'a a\\nb\\n' | sed s/a/x/", 'x a\nb\n', '', 0],
    ["printf 'a a\\nb\\n' | sed 's/a/x/g'", 'x x\nb\n', '', 0],
    ["printf 'a a a\\n' | sed 's/a/x/2'", 'a x a\n', '', 0],
    ["printf 'A\\n' | sed 's/a/x/I'", 'x\n', '', 0],
    ["echo 'replicas: 3' | sed 's/replicas: [0-9]*/replicas: 5/'", 'replicas: 5\n', '', 0],
    ["echo 'image: nginx:1.27' | sed 's|nginx:.*|nginx:1.28|'", 'image: nginx:1.28\n', '', 0],
    ["echo 'key=value' | sed 's/\\(.*\\)=\\(.*\\)/\\2=\\1/'", 'value=key\n', '', 0],
    ["echo 'key=value' | sed -E 's/(.*)=(.*)/\\2 & \\1/'", 'value key=value key\n', '', 0],
    ["echo 'a+b' | sed 's/a+b/x/'", 'x\n', '', 0],
    ["printf '1\\n2\\n3\\n' | sed 2d", '1\n3\n', '', 0],
    ["printf '1\\n2\\n3\\n' | sed -n '/2/p'", '2\n', '', 0],
    ["printf '1\\n2\\n3\\n' | sed '$d'", '1\n2\n', '', 0],
    ["printf 'a\\nb\\n' | sed -e s/a/x/ -e s/b/y/", 'x\ny\n', '', 0],
    ["printf 'a\\nb\\n' | sed 's/a/x/;s/b/y/'", 'x\ny\n', '', 0],
    ["echo a | sed 's/a'", '', "sed: -e expression #1, char 3: unterminated `s' command\n", 1],
    ["echo a | sed 's/a/b'", '', "sed: -e expression #1, char 5: unterminated `s' command\n", 1],
    ["echo a | sed 's/a/b/x'", '', "sed: -e expression #1, char 7: unknown option to `s'\n", 1],
    ["echo a | sed 'k'", '', "sed: -e expression #1, char 1: unknown command: `k'\n", 1],
    ['sed s/a/b/ /nope', '', "sed: can't read /nope: No such file or directory\n", 2],
  ])('%s', (line, stdout, stderr, exit) => {
    const r = shell().run(line);
    expect({ out: r.out, err: r.err, exit: r.exit }).toEqual({ out: stdout, err: stderr, exit });
  });

  it('edits a file in place', () => {
    const sh = shell({ files: { '/root/d.yaml': 'replicas: 3\nimage: a\n' } });
    expect(sh.run("sed -i 's/replicas: 3/replicas: 4/' /root/d.yaml")).toMatchObject({ out: '', err: '', exit: 0 });
    expect(sh.world.hosts.web1.files['/root/d.yaml']).toBe('replicas: 4\nimage: a\n');
  });

  it('prints its usage without a script', () => {
    const r = shell().run('sed');
    expect(r.exit).toBe(1);
    expect(r.err.split('\n')[0]).toBe('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...');
  });
});
