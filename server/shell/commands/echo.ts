// echo and printf, as the bash builtins behave.
import { formatNumber, formatString, parseFormat } from '../printf.js';
import type { CommandContext } from '../types.js';
import { VALID_NAME, builtinUsage } from './builtin-args.js';

// --- echo ----------------------------------------------------------------

const ECHO_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** Interprets `echo -e` escapes; `stop` is set when `\c` ends the output. */
function echoEscapes(s: string): { text: string; stop: boolean } {
  let text = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i + 1 >= s.length) {
      text += c;
      continue;
    }
    const n = s[i + 1];
    let m: RegExpExecArray | null;
    if (n in ECHO_ESCAPES) {
      text += ECHO_ESCAPES[n];
      i++;
    } else if (n === 'c') {
      return { text, stop: true };
    } else if ((m = /^0[0-7]{0,3}/.exec(s.slice(i + 1)))) {
      text += String.fromCharCode(parseInt(m[0], 8) & 0xff);
      i += m[0].length;
    } else if ((m = /^x([0-9a-fA-F]{1,2})/.exec(s.slice(i + 1)))) {
      text += String.fromCharCode(parseInt(m[1], 16));
      i += m[0].length;
    } else if ((m = /^(u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8})/.exec(s.slice(i + 1)))) {
      const cp = parseInt(m[1].slice(1), 16);
      text += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\\' + m[0];
      i += m[0].length;
    } else {
      text += c;
    }
  }
  return { text, stop: false };
}

export function echo(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) {
    for (const c of args[i].slice(1)) {
      if (c === 'n') newline = false;
      else escapes = c === 'e';
    }
  }
  let out = args.slice(i).join(' ');
  if (escapes) {
    const r = echoEscapes(out);
    out = r.text;
    if (r.stop) newline = false;
  }
  ctx.out(newline ? out + '\n' : out);
  return 0;
}

// --- printf ------------------------------------------------------------------

const PRINTF_USAGE = 'printf: usage: printf [-v var] format [arguments]\n';

/** Backslash escapes of a printf format (octal without a leading 0, unlike echo -e). */
function printfEscapes(s: string): string {
  return s.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|u([0-9a-fA-F]{1,4})|([abefnrtv"'\\]))|\\/g, (m, oct, hex, uni, ch) => {
    if (oct) return String.fromCharCode(parseInt(oct, 8) & 0xff);
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    if (uni) return String.fromCodePoint(parseInt(uni, 16));
    if (ch) return ch in ECHO_ESCAPES ? ECHO_ESCAPES[ch] : ch;
    return m;
  });
}

/** A printf numeric argument: decimal, 0x hex, 0 octal, or 'c for a character code. */
function printfNumber(arg: string, integer: boolean): number | undefined {
  const a = arg.trim();
  if (a === '') return 0;
  if (/^['"]/.test(a)) return a.codePointAt(1) ?? 0;
  const hex = /^([-+]?)0[xX]([0-9a-fA-F]+)$/.exec(a);
  if (hex) return (hex[1] === '-' ? -1 : 1) * parseInt(hex[2], 16);
  if (integer && /^[-+]?0[0-7]+$/.test(a)) return parseInt(a, 8);
  if (integer ? /^[-+]?\d+$/.test(a) : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(a)) return Number(a);
  return undefined;
}

export function printf(ctx: CommandContext): number {
  let args = ctx.argv.slice(1);
  let target: string | undefined;
  if (args[0] === '-v') {
    target = args[1];
    args = args.slice(2);
    if (target === undefined) {
      ctx.err(`bash: printf: -v: option requires an argument\n${PRINTF_USAGE}`);
      return 2;
    }
    if (!VALID_NAME.test(target)) {
      ctx.err(`bash: printf: \`${target}': not a valid identifier\n`);
      return 2;
    }
  } else if (args[0] === '--') args = args.slice(1);
  else if (args[0]?.startsWith('-') && args[0].length > 1) return builtinUsage(ctx, 'printf', args[0].slice(0, 2), 'printf [-v var] format [arguments]');
  if (args.length === 0) {
    ctx.err(PRINTF_USAGE);
    return 2;
  }
  const { pieces, bad } = parseFormat(args[0]);
  const values = args.slice(1);
  let out = '';
  let status = 0;
  let i = 0;
  const take = () => (i < values.length ? values[i++] : undefined);
  const finish = () => {
    if (target !== undefined) ctx.session.env[target] = out;
    else ctx.out(out);
  };
  do {
    for (const p of pieces) {
      if ('lit' in p) {
        out += printfEscapes(p.lit);
        continue;
      }
      const num = (a: string | undefined, integer: boolean) => {
        const n = printfNumber(a ?? '', integer);
        if (n !== undefined) return n;
        ctx.err(`bash: printf: ${a}: invalid number\n`);
        status = 1;
        return integer ? parseInt(a ?? '', 10) || 0 : parseFloat(a ?? '') || 0;
      };
      const width = p.spec.width === 'star' ? num(take(), true) : p.spec.width;
      const precision = p.spec.precision === 'star' ? num(take(), true) : p.spec.precision;
      const arg = take();
      const c = p.spec.conv;
      if (c === 's' || c === 'c') out += formatString(p.spec, arg ?? '', width, precision);
      else if (c === 'b') {
        const r = echoEscapes(arg ?? '');
        out += formatString({ ...p.spec, conv: 's' }, r.text, width, precision);
        if (r.stop) {
          finish();
          return status;
        }
      } else out += formatNumber(p.spec, num(arg, 'diouxX'.includes(c)), width, precision);
    }
  } while (bad === undefined && i < values.length && pieces.some((p) => 'spec' in p));
  finish();
  if (bad === undefined) return status;
  ctx.err(`bash: printf: \`${bad}': missing format character\n`);
  return 1;
}

