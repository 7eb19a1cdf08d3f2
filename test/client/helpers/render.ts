// Renders an Ink tree into a fake terminal of a set size (ink-testing-library's streams have a
// fixed width of 100 columns and no height, which full-screen layouts need).
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';

class Stdout extends EventEmitter {
  readonly isTTY = false;
  frames: string[] = [];
  constructor(public columns: number, public rows: number) {
    super();
  }
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
  lastFrame = () => this.frames[this.frames.length - 1] ?? '';
  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

class Stdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write = (data: string) => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

export function renderAt(tree: ReactElement, columns: number, rows: number) {
  const stdout = new Stdout(columns, rows);
  const stdin = new Stdin();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new Stdout(columns, rows) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { stdout, stdin, lastFrame: stdout.lastFrame, rerender: instance.rerender, unmount: instance.unmount };
}

/** Lets Ink and React settle (input handlers, effects, store notifications). */
export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** Every line of a frame fits the width (colours stripped). */
export const plain = (frame: string) => frame.replace(/\x1b\[[0-9;]*m/g, '');
