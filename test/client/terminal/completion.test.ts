// Tab completion over the command table: subcommands, flags and the job-control builtins.
import { describe, expect, it } from 'vitest';
import { complete } from '../../../client/terminal/completion.js';
import { emptySeen } from '../../../client/terminal/seen.js';

const at = (line: string) => complete(line, line.length, emptySeen);

describe('completion', () => {
  it('completes kubectl subcommands, port-forward included', () => {
    expect(at('kubectl port-')?.insert).toBe('port-forward ');
    expect(at('kubectl lo')?.insert).toBe('logs ');
    expect(at('kubectl port-forward --addr')?.insert).toBe('--address ');
  });

  it('completes the job-control builtins and their flags', () => {
    expect(at('job')?.insert).toBe('jobs ');
    expect(at('kill -')?.candidates).toEqual(['-9', '-HUP', '-INT', '-l', '-s']);
    expect(at('f')?.candidates).toContain('fg');
  });
});
