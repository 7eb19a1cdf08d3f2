// Reading the inputs of text filters: file operands from the host's file tree, `-` or
// no operand for stdin.
import { readFile, resolvePath, type ReadResult } from '../files.js';
import type { CommandContext } from '../types.js';

/** Reads one operand; `-` is stdin. */
export function readOperand(ctx: CommandContext, name: string): ReadResult {
  if (name === '-') return { ok: true, text: ctx.stdin };
  return readFile(ctx.host, resolvePath(ctx.session.cwd, name), ctx.session.user);
}

/**
 * Lines of `text` without their newlines (a final line without newline still counts);
 * `sep` '\0' for the -z (NUL-terminated records) option of the filters.
 */
export function splitLines(text: string, sep = '\n'): string[] {
  const lines = text.split(sep);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Bytes of `s` encoded as UTF-8. */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** GNU's quote() in a UTF-8 locale: ‘x’. */
export const q = (s: string) => `‘${s}’`;
