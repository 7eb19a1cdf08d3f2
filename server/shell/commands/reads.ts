// Predicates for CommandSpec.reads: which invocations of a command only read the world. They
// err on the side of "may write" (an unknown option, a verb not listed), since a wrong "reads"
// would hide a change from the game; test/shell/fuzz.test.ts checks them against the world.

export const always = (): boolean => true;

/** No operand: only options (`hostname`, `hostname -I`; not `hostname NAME`). */
export const optionsOnly = (argv: string[]): boolean => argv.slice(1).every((a) => a.startsWith('-'));

/** Reads unless an argument is one of `writes` or starts with one of them followed by `=`. */
export function unless(writes: string[]): (argv: string[]) => boolean {
  const set = new Set(writes);
  return (argv) => !argv.slice(1).some((a) => set.has(a) || set.has(a.split('=')[0]));
}

/** Single-dash option clusters (`-sSo`) that contain any of `letters`. */
export const shortHas = (argv: string[], letters: string): boolean =>
  argv.slice(1).some((a) => /^-[^-]/.test(a) && [...a.slice(1)].some((c) => letters.includes(c)));

/**
 * The first operand (the verb: `systemctl status`, `kubectl get`), skipping options; '' when
 * there is none. An option of `valueOptions` before it either has its value skipped (when the
 * list is complete: `kubectl -n shop get`) or makes the verb unknown, undefined.
 */
export function verbOf(argv: string[], valueOptions: string[], skipValues = false): string | undefined {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('-')) return a;
    if (!valueOptions.includes(a)) continue;
    if (!skipValues) return undefined;
    i++;
  }
  return '';
}
