// Time to detect: the first command that looked at (or changed) a faulty object. A fault
// lists its touches (types.ts): the host the object is on and the programs that show it.
// A command touches it when one of its programs runs there — in the player's shell on that
// host, or remotely through `ssh HOST CMD`.
import type { Touch } from './faults/index.js';

/** Programs that run the next word as a command. */
const WRAPPERS = new Set(['sudo', 'env', 'watch', 'time', 'nice', 'timeout', 'xargs']);

interface Stage {
  program: string;
  /** Host a remote command runs on (`ssh web2 ip route`), else undefined. */
  remote?: string;
  words: string[];
}

const basename = (w: string) => w.slice(w.lastIndexOf('/') + 1);

/** The commands a line runs, roughly as the shell would split it (good enough to attribute). */
export function stagesOf(line: string): Stage[] {
  const stages: Stage[] = [];
  for (const segment of line.split(/\|\||&&|[|;&]/)) {
    const words = segment.trim().replace(/["']/g, '').split(/\s+/).filter(Boolean);
    let i = 0;
    while (i < words.length && (WRAPPERS.has(basename(words[i])) || /^\w+=/.test(words[i]) || (i > 0 && words[i].startsWith('-')))) i++;
    if (i >= words.length) continue;
    const program = basename(words[i]);
    if (program === 'ssh') {
      // ssh [options] [user@]host [command...]; options with a value are -i, -l, -p, -o, -J, ...
      let j = i + 1;
      while (j < words.length && words[j].startsWith('-')) j += /^-[iloJpFEcmbDeILRSWw]$/.test(words[j]) ? 2 : 1;
      const host = words[j]?.replace(/^.*@/, '');
      stages.push({ program, words: words.slice(i + 1) });
      if (host && j + 1 < words.length) stages.push({ program: basename(words[j + 1]), remote: host, words: words.slice(j + 2) });
      continue;
    }
    stages.push({ program, words: words.slice(i + 1) });
  }
  return stages;
}

/** Short host name of an ssh target (`db1.office.lan` -> `db1`); addresses are matched by the caller. */
const shortName = (target: string) => (/^\d+(\.\d+){3}$/.test(target) ? target : target.split('.')[0]);

/**
 * Whether a line typed on `hosts` (the shell's host before and after the line) touches
 * `touch`. `hostOfAddress` maps an ssh target given as an address to a host name.
 */
export function touches(touch: Touch, line: string, hosts: string[], hostOfAddress: (ip: string) => string | undefined): boolean {
  return stagesOf(line).some((s) => {
    const where = s.remote === undefined ? hosts : [hostOfAddress(s.remote) ?? shortName(s.remote)];
    if (touch.host !== '*' && !where.includes(touch.host)) return false;
    if (!touch.programs.includes(s.program)) return false;
    return !touch.words || touch.words.some((w) => s.words.some((t) => t === w || (w.length >= 4 && t.includes(w))));
  });
}
