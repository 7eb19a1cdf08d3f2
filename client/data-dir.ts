// Where opsdrill keeps its data on this machine: $XDG_DATA_HOME/opsdrill if set, else ~/.opsdrill.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'opsdrill');
  return join(env.HOME || homedir(), '.opsdrill');
}
