// Text filters against real GNU grep 3.8 / coreutils 9.1 / mawk 1.3.4 output (Debian 12,
// C.UTF-8): each row is [command line, stdout, stderr, exit status] as captured from the
// real tools run on the same files (with bash's `bash: line 1: ` prefix shortened to the
// interactive `bash: `).
import { describe, expect, it } from 'vitest';
import { shell } from '../../helpers/run.js';

const FILES: Record<string, string> = {
  '/root/t.txt': 'foo bar\nBaz qux\nfoo\n\nzzz foo foo\n',
  '/root/app.log': [
    '2024-05-01T10:00:00 INFO start pid=100',
    '2024-05-01T10:00:01 WARN slow query 250ms',
    '2024-05-01T10:00:02 ERROR connect 10.0.2.10:5432 refused',
    '2024-05-01T10:00:03 INFO request /healthz 200',
    '2024-05-01T10:00:04 ERROR connect 10.0.2.10:5432 refused',
    '2024-05-01T10:00:05 INFO request /api/orders 502',
  ].join('\n') + '\n',
  '/root/nums.txt': '10\n9\n2\nabc\n-1\n3.5\n10\n 7\n',
  '/root/cols.txt': 'b 2 x\na 10 y\nc 1 z\na 10 y\nd  5 w\n',
  '/root/pw.txt': 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n',
  '/root/nonl.txt': 'a\nb\nlast',
};

type Row = [line: string, stdout: string, stderr: string, exit: number];

const TABLES: Record<string, Row[]> = {
  grep: [
      ["grep foo t.txt", "foo bar\nfoo\nzzz foo foo\n", "", 0],
      ["grep -i FOO t.txt", "foo bar\nfoo\nzzz foo foo\n", "", 0],
      ["grep -v foo t.txt", "Baz qux\n\n", "", 0],
      ["grep -iv FOO t.txt", "Baz qux\n\n", "", 0],
      ["grep -c foo t.txt", "3\n", "", 0],
      ["grep -n foo t.txt", "1:foo bar\n3:foo\n5:zzz foo foo\n", "", 0],
      ["grep -on foo t.txt", "1:foo\n3:foo\n5:foo\n5:foo\n", "", 0],
      ["grep -w fo t.txt", "", "", 1],
      ["grep -x foo t.txt", "foo\n", "", 0],
      ["grep -q foo t.txt", "", "", 0],
      ["grep -q nomatch t.txt", "", "", 1],
      ["grep -E 'foo|Baz' t.txt", "foo bar\nBaz qux\nfoo\nzzz foo foo\n", "", 0],
      ["grep 'foo\\|Baz' t.txt", "foo bar\nBaz qux\nfoo\nzzz foo foo\n", "", 0],
      ["grep -E 'a(' t.txt", "", "grep: Unmatched ( or \\(\n", 2],
      ["grep -e foo -e Baz t.txt", "foo bar\nBaz qux\nfoo\nzzz foo foo\n", "", 0],
      ["grep -c nomatch t.txt", "0\n", "", 1],
      ["grep foo nonexist t.txt", "t.txt:foo bar\nt.txt:foo\nt.txt:zzz foo foo\n", "grep: nonexist: No such file or directory\n", 2],
      ["grep -s foo nonexist", "", "", 2],
      ["grep -z x t.txt | tr '\\0' '@'", "foo bar\nBaz qux\nfoo\n\nzzz foo foo\n@", "", 0],
      ["grep", "", "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
      ["grep -y", "", "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
      ["grep --foo x", "", "grep: unrecognized option '--foo'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
      ["grep -A1 Baz t.txt", "Baz qux\nfoo\n", "", 0],
      ["grep -B1 Baz t.txt", "foo bar\nBaz qux\n", "", 0],
      ["grep -C1 Baz t.txt", "foo bar\nBaz qux\nfoo\n", "", 0],
      ["grep -1 Baz t.txt", "foo bar\nBaz qux\nfoo\n", "", 0],
      ["grep -c ERROR app.log t.txt", "app.log:2\nt.txt:0\n", "", 0],
      ["grep -h foo t.txt t.txt", "foo bar\nfoo\nzzz foo foo\nfoo bar\nfoo\nzzz foo foo\n", "", 0],
      ["grep -l foo t.txt app.log", "t.txt\n", "", 0],
      ["grep -o '[0-9]*ms' app.log", "250ms\n", "", 0],
      ["grep -oE '[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+' app.log", "10.0.2.10\n10.0.2.10\n", "", 0],
      ["grep '^[[:digit:]]' nums.txt", "10\n9\n2\n3.5\n10\n", "", 0],
      ["grep '[:digit:]' nums.txt", "", "grep: character class syntax is [[:space:]], not [:space:]\n", 2],
      ["grep '[[:foo:]]' nums.txt", "", "grep: Invalid character class name\n", 2],
      ["grep 'a[b' t.txt", "", "grep: Unmatched [, [^, [:, [., or [=\n", 2],
      ["grep -E 'x{2,1}' t.txt", "", "grep: Invalid content of \\{\\}\n", 2],
      ["grep 'x\\' t.txt", "", "grep: Trailing backslash\n", 2],
      ["grep -E '*foo' t.txt", "foo bar\nfoo\nzzz foo foo\n", "grep: warning: * at start of expression\n", 0],
      ["grep '\\<foo\\>' t.txt", "foo bar\nfoo\nzzz foo foo\n", "", 0],
      ["grep -m1 foo t.txt", "foo bar\n", "", 0],
      ["grep -vc foo t.txt", "2\n", "", 0],
      ["grep -F 'a.b' t.txt", "", "", 1],
      ["grep -ow foo t.txt", "foo\nfoo\nfoo\nfoo\n", "", 0],
      ["grep -A x foo t.txt", "", "grep: x: invalid context length argument\n", 2],
      ["grep -r foo .", "./t.txt:foo bar\n./t.txt:foo\n./t.txt:zzz foo foo\n", "", 0],
      ["grep foo .", "", "grep: .: Is a directory\n", 2],
      ["cat t.txt | grep -n foo", "1:foo bar\n3:foo\n5:zzz foo foo\n", "", 0],
  ],
  head: [
      ["head -2 t.txt", "foo bar\nBaz qux\n", "", 0],
      ["head -n 2 t.txt t.txt", "==> t.txt <==\nfoo bar\nBaz qux\n\n==> t.txt <==\nfoo bar\nBaz qux\n", "", 0],
      ["head nonexist", "", "head: cannot open 'nonexist' for reading: No such file or directory\n", 1],
      ["head -n -2 t.txt", "foo bar\nBaz qux\nfoo\n", "", 0],
      ["head -c 5 t.txt", "foo b", "", 0],
      ["head -n x t.txt", "", "head: invalid number of lines: ‘x’\n", 1],
      ["head -n", "", "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n", 1],
      ["head -z x", "", "head: cannot open 'x' for reading: No such file or directory\n", 1],
      ["head -3 app.log | tail -1", "2024-05-01T10:00:02 ERROR connect 10.0.2.10:5432 refused\n", "", 0],
  ],
  tail: [
      ["tail -n +2 t.txt", "Baz qux\nfoo\n\nzzz foo foo\n", "", 0],
      ["tail -2 t.txt", "\nzzz foo foo\n", "", 0],
      ["tail -n x t.txt", "", "tail: invalid number of lines: ‘x’\n", 1],
      ["tail nonexist", "", "tail: cannot open 'nonexist' for reading: No such file or directory\n", 1],
      ["tail -1 nonl.txt", "last", "", 0],
      ["tail -n 1 t.txt nonl.txt", "==> t.txt <==\nzzz foo foo\n\n==> nonl.txt <==\nlast", "", 0],
      ["tail +3 t.txt", "foo\n\nzzz foo foo\n", "", 0],
  ],
  wc: [
      ["wc t.txt", " 5  8 33 t.txt\n", "", 0],
      ["cat t.txt | wc", "      5       8      33\n", "", 0],
      ["cat t.txt | wc -l", "5\n", "", 0],
      ["wc -l t.txt", "5 t.txt\n", "", 0],
      ["wc -lw t.txt t.txt", " 5  8 t.txt\n 5  8 t.txt\n10 16 total\n", "", 0],
      ["wc -c t.txt nonexist", "33 t.txt\n33 total\n", "wc: nonexist: No such file or directory\n", 1],
      ["wc -z", "", "wc: invalid option -- 'z'\nTry 'wc --help' for more information.\n", 1],
      ["printf 'x' | wc -lwc", "      0       1       1\n", "", 0],
      ["wc -l t.txt pw.txt", "  5 t.txt\n  3 pw.txt\n  8 total\n", "", 0],
      ["echo a | wc -l t.txt -", "      5 t.txt\n      1 -\n      6 total\n", "", 0],
      ["wc -w app.log", "29 app.log\n", "", 0],
      ["wc .", "      0       0       0 .\n", "wc: .: Is a directory\n", 1],
  ],
  sort: [
      ["sort nums.txt", " 7\n-1\n10\n10\n2\n3.5\n9\nabc\n", "", 0],
      ["sort -n nums.txt", "-1\nabc\n2\n3.5\n 7\n9\n10\n10\n", "", 0],
      ["sort -rn nums.txt", "10\n10\n9\n 7\n3.5\n2\nabc\n-1\n", "", 0],
      ["sort -k2 cols.txt", "d  5 w\nc 1 z\na 10 y\na 10 y\nb 2 x\n", "", 0],
      ["sort -k2 -n cols.txt", "c 1 z\nb 2 x\nd  5 w\na 10 y\na 10 y\n", "", 0],
      ["sort -k2,2n cols.txt", "c 1 z\nb 2 x\nd  5 w\na 10 y\na 10 y\n", "", 0],
      ["sort -u cols.txt", "a 10 y\nb 2 x\nc 1 z\nd  5 w\n", "", 0],
      ["sort -t: -k3 -n pw.txt", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n", "", 0],
      ["sort -k1,1 -k2,2nr cols.txt", "a 10 y\na 10 y\nb 2 x\nc 1 z\nd  5 w\n", "", 0],
      ["sort -k x t.txt", "", "sort: invalid number at field start: invalid count at start of ‘x’\n", 2],
      ["sort -k 0 t.txt", "", "sort: field number is zero: invalid field specification ‘0’\n", 2],
      ["sort nonexist", "", "sort: cannot read: nonexist: No such file or directory\n", 2],
      ["sort -t ab t.txt", "", "sort: multi-character tab ‘ab’\n", 2],
      ["sort -z x", "", "sort: cannot read: x: No such file or directory\n", 2],
      ["sort cols.txt | uniq -c", "      2 a 10 y\n      1 b 2 x\n      1 c 1 z\n      1 d  5 w\n", "", 0],
      ["sort cols.txt | uniq -d", "a 10 y\n", "", 0],
      ["sort cols.txt | uniq -u", "b 2 x\nc 1 z\nd  5 w\n", "", 0],
  ],
  uniq: [
      ["uniq t.txt", "foo bar\nBaz qux\nfoo\n\nzzz foo foo\n", "", 0],
      ["uniq nonexist", "", "uniq: nonexist: No such file or directory\n", 1],
      ["uniq -k", "", "uniq: invalid option -- 'k'\nTry 'uniq --help' for more information.\n", 1],
  ],
  cut: [
      ["cut -d: -f1 pw.txt", "root\ndaemon\nbin\n", "", 0],
      ["cut -d: -f1,7 pw.txt", "root:/bin/bash\ndaemon:/usr/sbin/nologin\nbin:/usr/sbin/nologin\n", "", 0],
      ["cut -d: -f6- pw.txt", "/root:/bin/bash\n/usr/sbin:/usr/sbin/nologin\n/bin:/usr/sbin/nologin\n", "", 0],
      ["cut -c1-4 pw.txt", "root\ndaem\nbin:\n", "", 0],
      ["cut -d: pw.txt", "", "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n", 1],
      ["cut -f0 pw.txt", "", "cut: fields are numbered from 1\nTry 'cut --help' for more information.\n", 1],
      ["cut -d ab -f1 pw.txt", "", "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n", 1],
      ["cut -f x pw.txt", "", "cut: invalid field value ‘x’\nTry 'cut --help' for more information.\n", 1],
      ["cut -f 3-1 pw.txt", "", "cut: invalid decreasing range\nTry 'cut --help' for more information.\n", 1],
      ["cut -s -d' ' -f2 t.txt", "bar\nqux\nfoo\n", "", 0],
      ["cut -f2 t.txt", "foo bar\nBaz qux\nfoo\n\nzzz foo foo\n", "", 0],
  ],
  tr: [
      ["echo abc | tr", "", "tr: missing operand\nTry 'tr --help' for more information.\n", 1],
      ["echo abc | tr a", "", "tr: missing operand after ‘a’\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n", 1],
      ["echo abc | tr a b c", "", "tr: extra operand ‘c’\nTry 'tr --help' for more information.\n", 1],
      ["echo abc | tr -d a b", "", "tr: extra operand ‘b’\nOnly one string may be given when deleting without squeezing repeats.\nTry 'tr --help' for more information.\n", 1],
      ["echo 'a  b   c' | tr -s ' '", "a b c\n", "", 0],
      ["echo 'a:b' | tr ':' '\\n'", "a\nb\n", "", 0],
      ["echo hello | tr a-z A-Z", "HELLO\n", "", 0],
      ["echo hello | tr '[:lower:]' '[:upper:]'", "HELLO\n", "", 0],
      ["echo hello | tr -d l", "heo\n", "", 0],
      ["echo hello | tr z-a b", "", "tr: range-endpoints of 'z-a' are in reverse collating sequence order\n", 1],
      ["echo 'a1b2' | tr -cd '[:digit:]\\n'", "12\n", "", 0],
  ],
  awk: [
      ["awk '{print $1}' t.txt", "foo\nBaz\nfoo\n\nzzz\n", "", 0],
      ["awk -F: '{print $1, $7}' pw.txt", "root /bin/bash\ndaemon /usr/sbin/nologin\nbin /usr/sbin/nologin\n", "", 0],
      ["awk '{print $NF}' cols.txt", "x\ny\nz\ny\nw\n", "", 0],
      ["awk '/foo/ {print $2}' t.txt", "bar\n\nfoo\n", "", 0],
      ["awk 'END {print NR}' t.txt", "5\n", "", 0],
      ["awk '$2 > 3 {print $1}' cols.txt", "a\na\nd\n", "", 0],
      ["awk '{s += $2} END {print s}' cols.txt", "28\n", "", 0],
      ["awk '{printf \"%-3s|%3d\\n\", $1, $2}' cols.txt", "b  |  2\na  | 10\nc  |  1\na  | 10\nd  |  5\n", "", 0],
      ["awk '{print $1' t.txt", "", "awk: line 2: missing } near end of file\n", 2],
      ["awk '{print $-1}' t.txt", "", "awk: run time error: negative field index $-1\n\tFILENAME=\"t.txt\" FNR=1 NR=1\n", 2],
      ["awk '@' t.txt", "", "awk: 1: unexpected character '@'\n", 2],
      ["awk -z 1", "", "awk: not an option: -z\n", 2],
      ["awk '{print}' nonexist", "", "awk: cannot open nonexist (No such file or directory)\n", 2],
      ["echo ' a  b ' | awk '{print $1\"|\"$2}'", "a|b\n", "", 0],
      ["echo 'a1b2c' | awk -F'[0-9]' '{print $2}'", "b\n", "", 0],
      ["awk 'BEGIN {print 1/3, 2^10, 0/0}'", "0.333333 1024 -nan\n", "", 0],
  ],
};

for (const [family, rows] of Object.entries(TABLES)) {
  describe(family, () => {
    it.each(rows)('%s', (line, stdout, stderr, exit) => {
      const r = shell({ files: FILES }).run(line);
      expect({ out: r.out, err: r.err, exit: r.exit }).toEqual({ out: stdout, err: stderr, exit });
    });
  });
}

describe('awk subset', () => {
  it('rejects what it does not simulate with mawk\'s syntax error instead of a wrong answer', () => {
    const r = shell({ files: FILES }).run("awk '{for (i=1;i<=NF;i++) print $i}' t.txt");
    expect(r).toMatchObject({ out: '', err: 'awk: line 1: syntax error at or near for\n', exit: 2 });
  });
});

describe('grep -r over the file tree', () => {
  it('names files relative to the operand', () => {
    const r = shell().run('grep -r worker /etc');
    expect(r).toMatchObject({ out: '/etc/nginx/nginx.conf:worker_processes auto;\n/etc/nginx/nginx.conf:\tworker_connections 768;\n', exit: 0 });
  });
});
