// The contract between the shell and the commands it runs.
import type { Host, Proc, World } from '../sim/world/types.js';

/** One piece of output. `at` is the simulated ms since the command started (for streaming). */
export interface Chunk {
  fd: 1 | 2;
  text: string;
  at: number;
}

/** A player's shell on one host; `ssh` pushes a frame, `exit` pops it. */
export interface Session {
  user: string;
  host: string;
  cwd: string;
  env: Record<string, string>;
  history: string[];
  /** Where `exit` returns to after an ssh. */
  stack: SessionFrame[];
  /** Exit status of the last pipeline (`$?`), kept across lines. */
  lastExit?: number;
  /** Background jobs of the shells of this session (`jobs`, `kill %1`), oldest first. */
  jobs?: Job[];
  /** `$!`: the PID of the newest background job. */
  lastBackground?: number;
}

/** A background job: a process (Host.procs) a shell of the session started with `&`. */
export interface Job {
  /** Job number (`%1`). */
  id: number;
  host: string;
  pid: number;
  /** Shell depth (session.stack.length) that started it: only that shell sees and reports it. */
  depth: number;
  /** Killed from this shell during the current line: bash notices it die only before the prompt after the next line. */
  killedNow?: boolean;
}

/** A shell left behind by `ssh` (or `sudo -i`), restored by `exit`. */
export interface SessionFrame {
  user: string;
  host: string;
  cwd: string;
  /** The environment to restore (absent: rebuilt as a fresh login). */
  env?: Record<string, string>;
  /** Printed on stderr when returning here, e.g. ssh's `Connection to web2 closed.` */
  closeMessage?: string;
}

export interface CommandContext {
  world: World;
  session: Session;
  /** The host the command runs on (session.host). */
  host: Host;
  /** argv[0] is the command name as typed. */
  argv: string[];
  stdin: string;
  /** Write to stdout / stderr at the current simulated offset. */
  out(text: string): void;
  err(text: string): void;
  /** Let simulated time pass inside the command (ping interval, a timeout). */
  wait(ms: number): void;
  /** Simulated ms elapsed since the command started. */
  readonly elapsed: number;
  /** A random number in [0,1) from the world's seeded PRNG. */
  random(): number;
  /** stdout is the player's terminal, not a pipe or a file (isatty(1)); e.g. `ls` prints columns. */
  readonly isatty?: boolean;
  /**
   * Simulated ms since the command started at which the player presses Ctrl-C (SIGINT), if
   * known. A command that waits (ping) stops there and prints what it prints on SIGINT.
   */
  readonly interruptAt?: number;
  /**
   * Started with `&` (only where CommandSpec.background allows): the process it runs as. The
   * command sets it up and returns 0 while it keeps running, or the status it ended with.
   */
  readonly job?: Proc;
}

/** Returns the exit status. Must not throw for bad input: print the real tool's error instead. */
export type Command = (ctx: CommandContext) => number;

export interface CommandSpec {
  run: Command;
  /** One-line summary for `help`. */
  summary: string;
  /**
   * True when this invocation cannot change the world (it only reads: `ip route`, `cat`), so
   * the game need not look for changes after it. Absent means it may write.
   */
  reads?: (argv: string[]) => boolean;
  /** True when this invocation can run as a background job (`&`); absent: it cannot. */
  background?: (argv: string[]) => boolean;
}

export interface ExecOptions {
  /**
   * Simulated ms since the line started at which the player presses Ctrl-C. Commands that
   * honour ctx.interruptAt stop there; output of any other past it is cut and `^C` shown.
   */
  interruptAt?: number;
}

export interface ExecResult {
  chunks: Chunk[];
  exit: number;
  elapsedMs: number;
  /** Every command of the line only read (CommandSpec.reads) and none wrote output to a file. */
  readOnly: boolean;
}
