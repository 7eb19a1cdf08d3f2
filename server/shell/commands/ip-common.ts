// Plumbing shared by the `ip` subcommands: global options, iproute2's argument
// cursor and abbreviation rule, and its error exits.
import { isRoot } from '../privileges.js';
import type { CommandContext } from '../types.js';
import { findIface } from '../../sim/net/l2.js';
import type { Host, Iface, World } from '../../sim/world/types.js';

export interface IpOpts {
  /** -4, -6, -0 / -f FAMILY. */
  family: 'any' | 'inet' | 'inet6' | 'link';
  brief: boolean;
  details: number;
  stats: number;
  oneline: boolean;
  human: boolean;
  iec: boolean;
}

export interface IpEnv {
  ctx: CommandContext;
  world: World;
  host: Host;
  opts: IpOpts;
}

/** How iproute2 leaves: a message on stderr and an exit status (its `exit()` calls). */
export class IpExit {
  constructor(public code: number, public message = '') {}
}

export function die(message: string, code: number): never {
  throw new IpExit(code, message);
}

/** iproute2's `matches()`: `word` is a prefix of `full` (so `ip a`, `ip ro`, `ip neigh sh`). */
export function matches(word: string, full: string): boolean {
  return full.startsWith(word);
}

export function incomplete(): never {
  return die('Command line is not complete. Try option "help"\n', 255);
}

/** `invarg()`: `msg` keeps iproute2's own trailing newline, if it has one. */
export function invarg(msg: string, arg: string): never {
  return die(`Error: argument "${arg}" is wrong: ${msg}\n`, 255);
}

export function duparg2(key: string, arg: string): never {
  return die(`Error: either "${key}" is duplicate, or "${arg}" is a garbage.\n`, 255);
}

export function nodev(dev: string): never {
  return die(`Cannot find device "${dev}"\n`, 1);
}

/** A kernel error without extended ack, exit 2. */
export function rtnl(what: string): never {
  return die(`RTNETLINK answers: ${what}\n`, 2);
}

/** A kernel extended-ack message (`Error: ...`), exit 2. */
export function extack(msg: string): never {
  return die(`Error: ${msg}\n`, 2);
}

export function unsupported(what: string): never {
  return die(`ip: ${what} is not supported by this simulated shell\n`, 1);
}

/** Changes need CAP_NET_ADMIN; the kernel refuses after iproute2 has parsed the request. */
export function needRoot(env: IpEnv): void {
  if (!isRoot(env.ctx)) rtnl('Operation not permitted');
}

/** A cursor over a subcommand's arguments with iproute2's NEXT_ARG semantics. */
export class Args {
  private i = 0;
  constructor(private argv: string[]) {}
  get done(): boolean {
    return this.i >= this.argv.length;
  }
  /** The current word. */
  get cur(): string {
    return this.argv[this.i];
  }
  advance(): void {
    this.i++;
  }
  /** NEXT_ARG: moves to the value of the current keyword, or stops with "not complete". */
  value(): string {
    this.i++;
    if (this.i >= this.argv.length) incomplete();
    return this.argv[this.i];
  }
}

/** `Device "X" does not exist.` — the listing commands' wording. */
export function deviceOrDie(host: Host, name: string): Iface {
  return findIface(host, name) ?? die(`Device "${name}" does not exist.\n`, 1);
}

/** Numeric table ids; `main`, `local` and `default` by name. */
export function tableId(name: string): string | null {
  if (name === 'main' || name === '254') return 'main';
  if (name === 'local' || name === '255') return 'local';
  if (name === 'default' || name === '253') return 'default';
  return /^\d+$/.test(name) && Number(name) < 2 ** 32 ? String(Number(name)) : null;
}
