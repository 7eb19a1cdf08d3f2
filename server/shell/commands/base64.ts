// GNU coreutils 9.1 `base64`: encodes a FILE or stdin (wrapped at 76 columns, `-w 0` for
// none) or decodes it (`-d`), where newlines are skipped and anything else outside the
// alphabet stops decoding with `invalid input` after what decoded so far (`-i` drops it).
// Messages as in a C.UTF-8 locale (‘’ quotes, the translation-bugs line in --help).
import { ERRNO, resolvePath, readFile } from '../files.js';
import { getopt, tryHelp } from '../getopt.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { q } from './input.js';
import { always } from './reads.js';

const HELP = `Usage: base64 [OPTION]... [FILE]
Base64 encode or decode FILE, or standard input, to standard output.

With no FILE, or when FILE is -, read standard input.

Mandatory arguments to long options are mandatory for short options too.
  -d, --decode          decode data
  -i, --ignore-garbage  when decoding, ignore non-alphabet characters
  -w, --wrap=COLS       wrap encoded lines after COLS character (default 76).
                          Use 0 to disable line wrapping
      --help        display this help and exit
      --version     output version information and exit

The data are encoded as described for the base64 alphabet in RFC 4648.
When decoding, the input may contain newlines in addition to the bytes of
the formal base64 alphabet.  Use --ignore-garbage to attempt to recover
from any other non-alphabet bytes in the encoded stream.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Report any translation bugs to <https://translationproject.org/team/>
Full documentation <https://www.gnu.org/software/coreutils/base64>
or available locally via: info '(coreutils) base64 invocation'
`;

const VERSION = `base64 (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Simon Josefsson.
`;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

/** The text's bytes (files and pipes hold UTF-8 text). */
function bytesOf(text: string): number[] {
  return [...new TextEncoder().encode(text)];
}

/** Bytes back to text: UTF-8 where valid (invalid sequences become U+FFFD, as a terminal shows them). */
function textOf(bytes: number[]): string {
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
}

export function encode(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    out += ALPHABET[a >> 2] + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? '=' : ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? '=' : ALPHABET[c & 63];
  }
  return out;
}

/** Decodes quantum by quantum like gnulib's base64_decode_ctx; `ok` false at the first bad or missing character. */
export function decode(input: string): { bytes: number[]; ok: boolean } {
  const bytes: number[] = [];
  const v = (c: string | undefined) => (c === undefined ? undefined : VALUE.get(c));
  for (let i = 0; i < input.length; i += 4) {
    const [a, b, c, d] = [v(input[i]), v(input[i + 1]), input[i + 2], input[i + 3]];
    if (a === undefined || b === undefined) return { bytes, ok: false };
    bytes.push(((a << 2) | (b >> 4)) & 255);
    if (c === '=') {
      if (d !== '=') return { bytes, ok: false };
      continue;
    }
    const cv = v(c);
    if (cv === undefined) return { bytes, ok: false };
    bytes.push(((b << 4) | (cv >> 2)) & 255);
    if (d === '=') continue;
    const dv = v(d);
    if (dv === undefined) return { bytes, ok: false };
    bytes.push(((cv << 6) | dv) & 255);
  }
  return { bytes, ok: true };
}

/** `-w COLS` as xdectoimax reads it: decimal, leading blanks and `+` allowed; beyond intmax wraps nothing. */
function parseWrap(s: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*\+?(\d+)$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > Number.MAX_SAFE_INTEGER ? 0 : n;
}

function wrap(text: string, cols: number): string {
  if (!text) return '';
  if (cols === 0) return text;
  let out = '';
  for (let i = 0; i < text.length; i += cols) out += text.slice(i, i + cols) + '\n';
  return out;
}

function run(ctx: CommandContext): number {
  const r = getopt('base64', ctx.argv.slice(1), {
    short: 'diw:',
    long: [
      { name: 'decode', key: 'd', arg: 'none' },
      { name: 'ignore-garbage', key: 'i', arg: 'none' },
      { name: 'wrap', key: 'w', arg: 'required' },
      { name: 'help', key: 'help', arg: 'none' },
      { name: 'version', key: 'version', arg: 'none' },
    ],
  });
  if (!r.ok) {
    ctx.err(r.error + tryHelp('base64'));
    return 1;
  }
  let decoding = false;
  let garbage = false;
  let cols = 76;
  for (const o of r.opts) {
    if (o.key === 'help') {
      ctx.out(HELP);
      return 0;
    }
    if (o.key === 'version') {
      ctx.out(VERSION);
      return 0;
    }
    if (o.key === 'd') decoding = true;
    else if (o.key === 'i') garbage = true;
    else if (o.key === 'w') {
      const n = parseWrap(o.value ?? '');
      if (n === undefined) {
        ctx.err(`base64: invalid wrap size: ${q(o.value ?? '')}\n`);
        return 1;
      }
      cols = n;
    }
  }
  if (r.operands.length > 1) {
    ctx.err(`base64: extra operand ${q(r.operands[1])}\n${tryHelp('base64')}`);
    return 1;
  }
  const name = r.operands[0] ?? '-';
  let input: string;
  if (name === '-') input = ctx.stdin;
  else {
    const read = readFile(ctx.host, resolvePath(ctx.session.cwd, name), ctx.session.user);
    if (!read.ok) {
      ctx.err(read.errno === 'EISDIR' ? `base64: read error: ${ERRNO.EISDIR}\n` : `base64: ${name}: ${ERRNO[read.errno]}\n`);
      return 1;
    }
    input = read.text;
  }
  if (!decoding) {
    ctx.out(wrap(encode(bytesOf(input)), cols));
    return 0;
  }
  const cleaned = garbage ? [...input].filter((c) => VALUE.has(c) || c === '=').join('') : input.replace(/\n/g, '');
  const { bytes, ok } = decode(cleaned);
  ctx.out(textOf(bytes));
  if (!ok) {
    ctx.err('base64: invalid input\n');
    return 1;
  }
  return 0;
}

export const base64Commands: Record<string, CommandSpec> = {
  base64: { reads: always, run, summary: 'base64 encode or decode a file or stdin' },
};
