// Command-line parsing: a quote-aware lexer and a parser for lists of pipelines
// (`;`, `&&`, `||`, `|`, `|&`) with redirections. Words stay raw (quotes kept) until
// execution, where expandWord() removes quotes and expands variables with shell-quote:
// `$?` and variables must see the state left by the previous command of the same line.
import { parse as shellQuoteParse, type ParseOptions } from 'shell-quote';

export type RedirOp = '>' | '>>' | '<' | '<<' | '<<<' | '>&' | '<&' | '&>' | '&>>';

export interface Redirect {
  /** The file descriptor redirected (1 for `>`, 0 for `<`, both 1 and 2 for `&>`). */
  fd: number;
  op: RedirOp;
  /** Raw target word (a file name, or a descriptor number / `-` after `>&`); for `<<`, the delimiter. */
  target: string;
  /** `<<`: the here-document's body (lines with their newlines) and whether to expand `$` in it. */
  heredoc?: HereDoc;
}

export interface HereDoc {
  body: string;
  /** The delimiter was unquoted: `$VAR`, `${...}`, `$?` and `\` escapes are expanded in the body. */
  expand: boolean;
}

export interface SimpleCommand {
  /** Raw words, quotes still in place. */
  words: string[];
  redirects: Redirect[];
}

export interface Pipeline {
  /** `! cmd`: invert the exit status. */
  negate: boolean;
  commands: SimpleCommand[];
}

export interface ListItem {
  /** How this pipeline is joined to the previous one (`;` for the first). */
  connector: ';' | '&&' | '||';
  pipeline: Pipeline;
  /** `cmd &`: run as a background job (only a lone simple command may be). */
  background?: boolean;
}

/** `warnings`: what bash prints on stderr before running the line (an unterminated here-document). */
export type ParseResult = { ok: true; list: ListItem[]; warnings?: string[] } | { ok: false; error: string };

type Token =
  | { k: 'word'; raw: string; end: number }
  | { k: 'op'; op: string }
  | { k: 'redir'; op: RedirOp; fd?: number; heredoc?: { delimiter: string; doc: HereDoc } }
  | { k: 'err'; message: string };

const OPERATORS = [
  '&>>', '<<<', '&&', '||', '|&', ';;', '>>', '>&', '>|', '<<', '<&', '<>', '&>',
  '&', '|', ';', '(', ')', '<', '>', '\n',
];
const REDIRS: Record<string, RedirOp | undefined> = {
  '>': '>', '>|': '>', '>>': '>>', '<': '<', '<<<': '<<<', '>&': '>&', '<&': '<&', '&>': '&>', '&>>': '&>>',
};
const META = new Set([' ', '\t', '\n', '|', '&', ';', '(', ')', '<', '>']);

const eofError = (quote: string) => `bash: unexpected EOF while looking for matching \`${quote}'`;
/** For bash features this shell does not simulate (they would otherwise fail obscurely). */
export const unsupported = (what: string) => `bash: ${what} is not supported by this simulated shell`;

interface PendingHereDoc {
  delimiter: string;
  stripTabs: boolean;
  doc: HereDoc;
  /** Line of the input the `<<` is on (for the end-of-file warning). */
  line: number;
}

/** Unquoted delimiter word: quote removal only (bash does not expand it). */
function heredocDelimiter(raw: string): { delimiter: string; quoted: boolean } {
  let out = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === "'" || c === '"') {
      quoted = true;
      const close = raw.indexOf(c, i + 1);
      out += raw.slice(i + 1, close);
      i = close;
    } else if (c === '\\') {
      quoted = true;
      out += raw[i + 1] ?? '';
      i++;
    } else out += c;
  }
  return { delimiter: out, quoted };
}

/**
 * Reads the bodies of pending here-documents from `start` (the character after a newline):
 * each ends at a line equal to its delimiter (leading tabs stripped for `<<-`), or at the
 * end of the input with bash's warning. Returns where lexing resumes.
 */
function readHereDocs(line: string, start: number, pending: PendingHereDoc[], warnings: string[]): number {
  let i = start;
  for (const p of pending) {
    let body = '';
    let found = false;
    while (i < line.length) {
      const nl = line.indexOf('\n', i);
      const end = nl < 0 ? line.length : nl;
      let text = line.slice(i, end);
      i = nl < 0 ? line.length : nl + 1;
      if (p.stripTabs) text = text.replace(/^\t+/, '');
      if (text === p.delimiter) {
        found = true;
        break;
      }
      body += text + '\n';
    }
    if (!found) warnings.push(`bash: warning: here-document at line ${p.line} delimited by end-of-file (wanted \`${p.delimiter}')`);
    p.doc.body = body;
  }
  pending.length = 0;
  return i;
}

function lex(line: string, warnings: string[] = []): Token[] {
  const tokens: Token[] = [];
  const pending: PendingHereDoc[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\\' && line[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < n && line[i] !== '\n') i++;
      continue;
    }
    const op = OPERATORS.find((o) => line.startsWith(o, i));
    if (op) {
      i += op.length;
      if (op === '<>') {
        tokens.push({ k: 'err', message: unsupported('the <> redirection') });
        return tokens;
      }
      if (op === '<<') {
        const stripTabs = line[i] === '-';
        if (stripTabs) i++;
        while (line[i] === ' ' || line[i] === '\t') i++;
        const word = i < n && !META.has(line[i]) ? lexWord(line, i) : undefined;
        if (word && 'message' in word) {
          tokens.push({ k: 'err', message: word.message });
          return tokens;
        }
        const prev = tokens[tokens.length - 1];
        const fd = prev?.k === 'word' && prev.end === i - op.length - (stripTabs ? 1 : 0) && /^\d+$/.test(prev.raw) ? Number(prev.raw) : undefined;
        if (fd !== undefined) tokens.pop();
        if (!word) {
          // `cat <<` alone: bash complains about the token where the delimiter should be.
          tokens.push({ k: 'redir', op: '<<', fd });
          continue;
        }
        i = word.end;
        const { delimiter, quoted } = heredocDelimiter(word.raw.replace(/\\#/g, '#'));
        const doc: HereDoc = { body: '', expand: !quoted };
        pending.push({ delimiter, stripTabs, doc, line: line.slice(0, i).split('\n').length });
        tokens.push({ k: 'redir', op: '<<', fd, heredoc: { delimiter: word.raw, doc } });
        continue;
      }
      const redir = REDIRS[op];
      if (!redir) {
        tokens.push({ k: 'op', op });
        if (op === '\n' && pending.length) i = readHereDocs(line, i, pending, warnings);
        continue;
      }
      const prev = tokens[tokens.length - 1];
      // `2>file`: a number glued to a redirection operator names the descriptor.
      if (op !== '&>' && op !== '&>>' && prev?.k === 'word' && prev.end === i - op.length && /^\d+$/.test(prev.raw)) {
        tokens.pop();
        tokens.push({ k: 'redir', op: redir, fd: Number(prev.raw) });
      } else {
        tokens.push({ k: 'redir', op: redir });
      }
      continue;
    }
    const word = lexWord(line, i);
    if ('message' in word) {
      tokens.push({ k: 'err', message: word.message });
      return tokens;
    }
    i = word.end;
    if (word.raw !== '') tokens.push({ k: 'word', raw: word.raw, end: i });
  }
  if (pending.length) readHereDocs(line, n, pending, warnings);
  return tokens;
}

/** Scans one word from `start`; keeps quotes, escapes an unquoted `#` inside the word. */
function lexWord(line: string, start: number): { raw: string; end: number } | { message: string } {
  let raw = '';
  let i = start;
  const n = line.length;
  while (i < n && !META.has(line[i])) {
    const c = line[i];
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) return { message: eofError("'") };
      raw += line.slice(i, close + 1);
      i = close + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < n && line[j] !== '"') {
        if (line[j] === '\\') j++;
        else if (line[j] === '`' || (line[j] === '$' && line[j + 1] === '(')) return { message: unsupported('command substitution') };
        j++;
      }
      if (j >= n) return { message: eofError('"') };
      raw += line.slice(i, j + 1);
      i = j + 1;
    } else if (c === '\\') {
      if (i + 1 < n && line[i + 1] !== '\n') raw += line.slice(i, i + 2);
      i += 2;
    } else if (c === '$' && line[i + 1] === "'") {
      let j = i + 2;
      while (j < n && line[j] !== "'") j += line[j] === '\\' ? 2 : 1;
      if (j >= n) return { message: eofError("'") };
      raw += line.slice(i, j + 1);
      i = j + 1;
    } else if (c === '$' && line[i + 1] === '(') {
      return { message: unsupported(line[i + 2] === '(' ? 'arithmetic expansion' : 'command substitution') };
    } else if (c === '$' && line[i + 1] === '{') {
      const close = line.indexOf('}', i + 2);
      if (close < 0) return { message: eofError('}') };
      raw += '${' + escapeUnquotedMeta(line.slice(i + 2, close)) + '}';
      i = close + 1;
    } else if (c === '`') {
      return { message: unsupported('command substitution') };
    } else {
      raw += c === '#' ? '\\#' : c;
      i++;
    }
  }
  return { raw, end: i };
}

/** Inside `${...}` shell-quote would split at blanks: backslash them (outside quotes). */
function escapeUnquotedMeta(s: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
      out += c;
    } else if (c === '\\') {
      out += s.slice(i, i + 2);
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
      out += c;
    } else {
      out += META.has(c) ? '\\' + c : c;
    }
  }
  return out;
}

const nearToken = (t: Token | undefined) => {
  const text = !t || (t.k === 'op' && t.op === '\n') ? 'newline' : t.k === 'word' ? t.raw : t.k === 'err' ? '' : t.op;
  return `bash: syntax error near unexpected token \`${text}'`;
};
const UNEXPECTED_EOF = 'bash: syntax error: unexpected end of file';

/** Parses a command line. An empty or comment-only line gives an empty list. */
export function parseLine(line: string): ParseResult {
  const warnings: string[] = [];
  const tokens = lex(line, warnings);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (t: Token | undefined, ...ops: string[]) => t?.k === 'op' && ops.includes(t.op);
  const skipNewlines = () => {
    while (isOp(peek(), '\n')) pos++;
  };
  const list: ListItem[] = [];
  let connector: ListItem['connector'] = ';';

  // A command after `|`, `&&` or `||` is mandatory: at the end of the line bash would wait
  // for more input; a one-line terminal reports what bash says at end of input.
  const parseCommand = (required: boolean): SimpleCommand | string => {
    const cmd: SimpleCommand = { words: [], redirects: [] };
    for (;;) {
      const t = peek();
      if (t?.k === 'err') return t.message;
      if (t?.k === 'word') {
        cmd.words.push(t.raw);
        pos++;
      } else if (t?.k === 'redir' && t.op === '<<') {
        pos++;
        if (!t.heredoc) return nearToken(peek());
        cmd.redirects.push({ fd: t.fd ?? 0, op: '<<', target: t.heredoc.delimiter, heredoc: t.heredoc.doc });
      } else if (t?.k === 'redir') {
        pos++;
        const target = peek();
        if (target?.k === 'err') return target.message;
        if (target?.k !== 'word') return nearToken(target);
        pos++;
        const fd = t.fd ?? (t.op === '<' || t.op === '<<<' || t.op === '<&' ? 0 : 1);
        cmd.redirects.push({ fd, op: t.op, target: target.raw });
      } else if (isOp(t, '(')) {
        if (cmd.words.length === 0 && cmd.redirects.length === 0) return unsupported('a subshell ( ... )');
        if (cmd.words.length > 1 || cmd.redirects.length > 0) return nearToken(t);
        const next = tokens[pos + 1];
        if (next?.k === 'err') return next.message;
        if (isOp(next, ')')) return unsupported('a function definition');
        return nearToken(next?.k === 'op' && next.op === '\n' ? undefined : next);
      } else {
        break;
      }
    }
    if (cmd.words.length === 0 && cmd.redirects.length === 0) {
      const t = peek();
      if (!t || isOp(t, '\n')) return required ? UNEXPECTED_EOF : nearToken(t);
      return nearToken(t);
    }
    return cmd;
  };

  for (;;) {
    skipNewlines();
    if (pos >= tokens.length) break;
    const first = peek();
    if (first?.k === 'err') return { ok: false, error: first.message };
    const pipeline: Pipeline = { negate: false, commands: [] };
    let bangs = 0;
    for (let t = peek(); t?.k === 'word' && t.raw === '!'; t = peek()) {
      pipeline.negate = !pipeline.negate;
      bangs++;
      pos++;
    }
    // A lone `!` negates the empty pipeline (status 1).
    const lone = bangs > 0 && (pos >= tokens.length || isOp(peek(), ';', '\n'));
    let required = connector !== ';';
    while (!lone) {
      const cmd = parseCommand(required);
      if (typeof cmd === 'string') return { ok: false, error: cmd };
      pipeline.commands.push(cmd);
      const t = peek();
      if (!isOp(t, '|', '|&')) break;
      // `a |& b` is `a 2>&1 | b`, applied after a's own redirections.
      if (isOp(t, '|&')) cmd.redirects.push({ fd: 2, op: '>&', target: '1' });
      pos++;
      skipNewlines();
      required = true;
    }
    list.push({ connector, pipeline });
    const t = peek();
    if (!t) break;
    if (t.k === 'err') return { ok: false, error: t.message };
    if (t.k !== 'op') return { ok: false, error: nearToken(t) };
    if (t.op === ';' || t.op === '\n' || t.op === '&') {
      pos++;
      if (t.op === '&') {
        // `&` ends the and-or list before it: the simulated shell backgrounds one simple command.
        const item = list[list.length - 1];
        if (item.connector !== ';' || item.pipeline.commands.length !== 1 || item.pipeline.negate) return { ok: false, error: unsupported('running a pipeline or a list in the background (&)') };
        item.background = true;
      }
      connector = ';';
      const next = peek();
      if (next?.k === 'op' && next.op !== '\n' && next.op !== '(') return { ok: false, error: nearToken(next) };
    } else if (t.op === '&&' || t.op === '||') {
      pos++;
      connector = t.op;
      skipNewlines();
      if (pos >= tokens.length) return { ok: false, error: UNEXPECTED_EOF };
    } else {
      return { ok: false, error: nearToken(t) };
    }
  }
  return warnings.length ? { ok: true, list, warnings } : { ok: true, list };
}

// --- expansion ---------------------------------------------------------

/** What expansion reads: variables, `$?`, and the home directory for `~`. */
export interface ExpandScope {
  env: Record<string, string>;
  status: number;
  /** `$!`: the PID of the newest background job. */
  lastBackground?: number;
}

export type Expansion = { ok: true; fields: string[] } | { ok: false; error: string };

class BadSubstitution extends Error {}
const badSubstitution = (key: string) => new BadSubstitution(`\${${key.replace(/\\([ \t|&;()<>])/g, '$1')}}`);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `${NAME<op>word}` forms handled (default, alternative and assign values). */
const PARAM_OP = /^([A-Za-z_][A-Za-z0-9_]*)(:?[-+=])([\s\S]*)$/;

/** The shell's `$$`: a fixed pid, since the simulated shell is no process. */
const SHELL_PID = '2187';

function lookup(key: string, scope: ExpandScope): string | undefined {
  if (key === '') return undefined; // a lone `$` stays a literal dollar
  if (key === '?') return String(scope.status);
  if (key === '$') return SHELL_PID;
  if (key === '#') return '0';
  if (key === '0') return '-bash';
  if (key === '-') return 'himBHs';
  if (key === '!') return scope.lastBackground === undefined ? '' : String(scope.lastBackground);
  if (key === '*' || key === '@') return '';
  // shell-quote reads `$1abc` as one name; bash reads `$1` (unset) followed by `abc`.
  if (/^\d\w*$/.test(key)) return key.slice(1);
  if (NAME.test(key)) return scope.env[key];
  if (key.startsWith('#') && NAME.test(key.slice(1))) return String((scope.env[key.slice(1)] ?? '').length);
  const m = PARAM_OP.exec(key);
  if (m) {
    const [, name, op, word] = m;
    const value = scope.env[name];
    const unset = op.startsWith(':') ? !value : value === undefined;
    const alt = () => {
      const e = expandWord(word, scope, false);
      if (!e.ok) throw badSubstitution(key);
      return e.fields.join(' ');
    };
    if (op.endsWith('-')) return unset ? alt() : value;
    if (op.endsWith('+')) return unset ? '' : alt();
    if (unset) scope.env[name] = alt();
    return scope.env[name];
  }
  throw badSubstitution(key);
}

const singleQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Removes quotes and expands `$VAR`, `${VAR}`, `$?`, `~` in one raw word. With `split`,
 * unquoted expansions are split into fields like bash does (an empty unquoted `$X`
 * disappears). Glob characters are kept literally.
 */
export function expandWord(raw: string, scope: ExpandScope, split = true): Expansion {
  let word = raw;
  if (word === '~' || word.startsWith('~/')) word = singleQuote(scope.env.HOME ?? '/') + word.slice(1);
  let entries: ReturnType<typeof shellQuoteParse>;
  try {
    const opts = { splitUnquoted: split } as ParseOptions;
    entries = shellQuoteParse(word, (key: string) => lookup(key, scope), opts);
  } catch (e) {
    const text = e instanceof BadSubstitution ? e.message : /^Bad substitution: (.*)$/.exec(String((e as Error).message))?.[1] ?? raw;
    return { ok: false, error: `bash: ${text}: bad substitution` };
  }
  const fields: string[] = [];
  for (const entry of entries) {
    if (typeof entry === 'string') fields.push(entry);
    else if ('op' in entry && entry.op === 'glob') fields.push(entry.pattern);
  }
  if (!split) return { ok: true, fields: [fields.join('')] };
  return { ok: true, fields };
}

/**
 * The body of a here-document with an unquoted delimiter: `$NAME`, `${...}` and `$?` are
 * expanded, `\\` escapes `$`, `\\`, a backquote and a newline; quotes stay literal.
 */
export function expandHereDoc(body: string, scope: ExpandScope): Expansion {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length && '$\\`\n'.includes(body[i + 1])) {
      if (body[i + 1] !== '\n') out += body[i + 1];
      i++;
      continue;
    }
    if (c === '$' && body[i + 1] === '(') return { ok: false, error: unsupported(body[i + 2] === '(' ? 'arithmetic expansion' : 'command substitution') };
    if (c === '`') return { ok: false, error: unsupported('command substitution') };
    let ref: string | undefined;
    if (c === '$' && body[i + 1] === '{') {
      const close = body.indexOf('}', i + 2);
      if (close > 0) ref = body.slice(i, close + 1);
    } else if (c === '$') ref = /^\$([A-Za-z_][A-Za-z0-9_]*|[?$#0-9-])/.exec(body.slice(i))?.[0];
    if (!ref) {
      out += c;
      continue;
    }
    const e = expandWord(`"${ref}"`, scope, false);
    if (!e.ok) return e;
    out += e.fields[0];
    i += ref.length - 1;
  }
  return { ok: true, fields: [out] };
}

/** `NAME=value` at the start of a command: returns the name and the raw value. */
export function assignment(raw: string): { name: string; value: string } | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(raw);
  if (!m) return undefined;
  return { name: m[1], value: m[2] };
}
