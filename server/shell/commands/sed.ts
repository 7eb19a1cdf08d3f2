// GNU sed 4.9, the commonly used part: `s/RE/REPL/[gIp N]`, `d`, `p` and `q`, with an
// optional line-number, `$` or /RE/ address; -n, -e, -E/-r, -i (in place). Basic regular
// expressions are translated to JavaScript ones; errors read like GNU sed's.
import { checkWritable, ERRNO, readFile, resolvePath, writeFile } from '../files.js';
import { getopt, type LongOption } from '../getopt.js';
import type { CommandContext, CommandSpec } from '../types.js';

const USAGE = `Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
      --debug
                 annotate program execution
  -e script, --expression=script
                 add the script to the commands to be executed
  -f script-file, --file=script-file
                 add the contents of script-file to the commands to be executed
  --follow-symlinks
                 follow symlinks when processing in place
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -l N, --line-length=N
                 specify the desired line-wrap length for the \`l' command
  --posix
                 disable all GNU extensions.
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
  -s, --separate
                 consider files as separate rather than as a single,
                 continuous long stream.
      --sandbox
                 operate in sandbox mode (disable e/r/w commands).
  -u, --unbuffered
                 load minimal amounts of data from the input files and flush
                 the output buffers more often
  -z, --null-data
                 separate lines by NUL characters
      --help     display this help and exit
      --version  output version information and exit

If no -e, --expression, -f, or --file option is given, then the first
non-option argument is taken as the sed script to interpret.  All
remaining arguments are names of input files; if no input files are
specified, then the standard input is read.

GNU sed home page: <https://www.gnu.org/software/sed/>.
General help using GNU software: <https://www.gnu.org/gethelp/>.
`;

type Address = { line: number } | { last: true } | { re: RegExp };

interface SedCommand {
  address?: Address;
  op: 's' | 'd' | 'p' | 'q';
  re?: RegExp;
  replacement?: string;
  /** s///N: replace only the Nth match (0: per the g flag). */
  nth?: number;
  global?: boolean;
  print?: boolean;
}

class SedError extends Error {}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v', blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f',
};

/** Translates a POSIX basic (or, with `extended`, extended) regular expression to a JS source. */
export function toJsRegex(re: string, extended: boolean): string {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '[') {
      let j = i + 1;
      if (re[j] === '^') j++;
      if (re[j] === ']') j++;
      while (j < re.length && re[j] !== ']') j += re[j] === '[' && re[j + 1] === ':' ? re.indexOf(':]', j) + 2 - j : 1;
      const body = re.slice(i + 1, j).replace(/\[:(\w+):\]/g, (_, n: string) => POSIX_CLASSES[n] ?? '').replace(/\\/g, '\\\\');
      out += `[${body}]`;
      i = j;
      continue;
    }
    if (c === '\\') {
      const n = re[++i] ?? '';
      if (n === '<' || n === '>') out += '\\b';
      else if (n === 'n') out += '\\n';
      else if (n === 't') out += '\\t';
      else if (!extended && '(){}+?|'.includes(n)) out += n;
      else out += `\\${n}`;
      continue;
    }
    if (!extended && '(){}+?|'.includes(c)) out += `\\${c}`;
    else if (c === '*' && (out === '' || out.endsWith('(') || out === '^')) out += '\\*';
    else out += c;
  }
  return out;
}

/** A sed replacement as a function of the match. */
function replacer(repl: string): (match: string, groups: string[]) => string {
  return (match, groups) => {
    let out = '';
    for (let i = 0; i < repl.length; i++) {
      const c = repl[i];
      if (c === '&') out += match;
      else if (c === '\\') {
        const n = repl[++i] ?? '';
        if (/\d/.test(n)) out += n === '0' ? match : (groups[Number(n) - 1] ?? '');
        else out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
      } else out += c;
    }
    return out;
  };
}

/** Reads up to an unescaped `delim` from `pos`; the escaped delimiter becomes itself. */
function readUntil(script: string, pos: number, delim: string): { text: string; end: number } | undefined {
  let text = '';
  for (let i = pos; i < script.length; i++) {
    if (script[i] === '\\' && script[i + 1] === delim) {
      text += delim;
      i++;
    } else if (script[i] === '\\') {
      text += script.slice(i, i + 2);
      i++;
    } else if (script[i] === delim) return { text, end: i };
    else text += script[i];
  }
  return undefined;
}

function parseScript(script: string, index: number, extended: boolean): SedCommand[] {
  const fail = (char: number, msg: string) => new SedError(`sed: -e expression #${index}, char ${char}: ${msg}`);
  const cmds: SedCommand[] = [];
  let i = 0;
  const compile = (src: string, flags = '') => {
    try {
      return new RegExp(toJsRegex(src, extended), flags);
    } catch {
      throw fail(i, 'Invalid preceding regular expression');
    }
  };
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i])) i++;
    if (i >= script.length) break;
    let address: Address | undefined;
    const num = /^\d+/.exec(script.slice(i));
    if (num) {
      address = { line: Number(num[0]) };
      i += num[0].length;
    } else if (script[i] === '$') {
      address = { last: true };
      i++;
    } else if (script[i] === '/') {
      const r = readUntil(script, i + 1, '/');
      if (!r) throw fail(script.length, 'unterminated address regex');
      address = { re: compile(r.text) };
      i = r.end + 1;
    }
    const op = script[i];
    if (op === 's') {
      const delim = script[i + 1];
      if (delim === undefined) throw fail(i + 1, "unterminated `s' command");
      const pat = readUntil(script, i + 2, delim);
      if (!pat) throw fail(script.length, "unterminated `s' command");
      const rep = readUntil(script, pat.end + 1, delim);
      if (!rep) throw fail(script.length, "unterminated `s' command");
      i = rep.end + 1;
      const cmd: SedCommand = { address, op: 's', replacement: rep.text };
      let ci = false;
      while (i < script.length && !/[\s;}]/.test(script[i])) {
        const f = script[i];
        if (f === 'g') cmd.global = true;
        else if (f === 'p') cmd.print = true;
        else if (f === 'i' || f === 'I') ci = true;
        else if (/\d/.test(f)) {
          const n = /^\d+/.exec(script.slice(i))![0];
          cmd.nth = Number(n);
          i += n.length - 1;
        } else throw fail(i + 1, "unknown option to `s'");
        i++;
      }
      cmd.re = compile(pat.text, `g${ci ? 'i' : ''}`);
      cmds.push(cmd);
      continue;
    }
    if (op === 'd' || op === 'p' || op === 'q') {
      cmds.push({ address, op });
      i++;
      while (i < script.length && /[ \t]/.test(script[i])) i++;
      if (i < script.length && !/[;\n}]/.test(script[i])) throw fail(i + 1, 'extra characters after command');
      continue;
    }
    throw fail(i + 1, op === undefined ? 'missing command' : `unknown command: \`${op}'`);
  }
  return cmds;
}

function matches(a: Address | undefined, line: string, n: number, last: boolean): boolean {
  if (!a) return true;
  if ('line' in a) return a.line === n;
  if ('last' in a) return last;
  return a.re.test(line);
}

/** Runs the commands over the text and returns the output. */
function runScript(cmds: SedCommand[], text: string, quiet: boolean): string {
  const lines = text.split('\n');
  const trailing = text.endsWith('\n');
  if (trailing) lines.pop();
  let out = '';
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n];
    const last = n === lines.length - 1;
    const eol = last && !trailing ? '' : '\n';
    let deleted = false;
    let quit = false;
    for (const c of cmds) {
      if (!matches(c.address, line, n + 1, last)) continue;
      if (c.op === 'd') {
        deleted = true;
        break;
      }
      if (c.op === 'p') out += line + '\n';
      if (c.op === 'q') {
        quit = true;
        break;
      }
      if (c.op === 's') {
        let count = 0;
        let changed = false;
        const fn = replacer(c.replacement!);
        line = line.replace(c.re!, (match: string, ...rest: unknown[]) => {
          count++;
          const groups = rest.slice(0, -2) as string[];
          const hit = c.nth ? count === c.nth || (c.global && count > c.nth) : c.global || count === 1;
          if (!hit) return match;
          changed = true;
          return fn(match, groups.map((g) => g ?? ''));
        });
        if (changed && c.print) out += line + '\n';
      }
    }
    if (!deleted && !quiet) out += line + eol;
    if (quit) break;
  }
  return out;
}

const long = (name: string, key: string, arg: LongOption['arg'] = 'none'): LongOption => ({ name, key, arg });

function sed(ctx: CommandContext): number {
  const r = getopt('sed', ctx.argv.slice(1), {
    short: 'ne:iErs',
    long: [long('quiet', 'n'), long('silent', 'n'), long('expression', 'e', 'required'), long('in-place', 'i', 'optional'), long('regexp-extended', 'E'), long('separate', 's'), long('help', 'h')],
  });
  if (!r.ok) {
    ctx.err(r.error + USAGE);
    return 1;
  }
  const scripts: string[] = [];
  let quiet = false;
  let inPlace = false;
  let extended = false;
  for (const { key, value } of r.opts) {
    if (key === 'n') quiet = true;
    else if (key === 'e') scripts.push(value ?? '');
    else if (key === 'i') inPlace = true;
    else if (key === 'E' || key === 'r') extended = true;
    else if (key === 'h') {
      ctx.out(USAGE);
      return 0;
    }
  }
  const operands = [...r.operands];
  if (!scripts.length) {
    if (!operands.length) {
      ctx.err(USAGE);
      return 1;
    }
    scripts.push(operands.shift()!);
  }
  let cmds: SedCommand[];
  try {
    cmds = scripts.flatMap((s, i) => parseScript(s, i + 1, extended));
  } catch (e) {
    if (!(e instanceof SedError)) throw e;
    ctx.err(e.message + '\n');
    return 1;
  }
  if (inPlace && !operands.length) {
    ctx.err('sed: no input files\n');
    return 1;
  }
  const files = operands.length ? operands : ['-'];
  let status = 0;
  if (!inPlace) {
    let text = '';
    for (const f of files) {
      if (f === '-') {
        text += ctx.stdin;
        continue;
      }
      const read = readFile(ctx.host, resolvePath(ctx.session.cwd, f), ctx.session.user);
      if (!read.ok) {
        ctx.err(`sed: ${read.errno === 'EISDIR' ? `couldn't edit ${f}: not a regular file` : `can't read ${f}: ${ERRNO[read.errno]}`}\n`);
        status = 2;
        continue;
      }
      text += read.text;
    }
    ctx.out(runScript(cmds, text, quiet));
    return status;
  }
  for (const f of files) {
    const path = resolvePath(ctx.session.cwd, f);
    const read = readFile(ctx.host, path, ctx.session.user);
    if (!read.ok) {
      ctx.err(`sed: ${read.errno === 'EISDIR' ? `couldn't edit ${f}: not a regular file` : `can't read ${f}: ${ERRNO[read.errno]}`}\n`);
      status = 2;
      continue;
    }
    const errno = checkWritable(ctx.host, path, ctx.session.user);
    if (errno) {
      ctx.err(`sed: couldn't open temporary file ${path.slice(0, path.lastIndexOf('/') + 1)}sedXXXXXX: ${ERRNO[errno]}\n`);
      status = 4;
      continue;
    }
    writeFile(ctx.host, path, runScript(cmds, read.text, quiet), false);
  }
  return status;
}

export const sedCommands: Record<string, CommandSpec> = {
  sed: { run: sed, summary: 'stream editor: s/regex/replacement/ substitutions, d, p (-n, -e, -E, -i)' },
};
