// Runs the client in the real terminal: the alternate screen, raw keys through Ink, the
// connection to the server, and effects that touch the disk (history, report export).
// Whatever happens, the terminal is given back as it was.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { render } from 'ink';
import type { Embedded } from '../embedded.js';
import { Connection } from '../net/connection.js';
import { historyStore } from '../terminal/history-file.js';
import { App } from './App.js';
import { ENTER, LEAVE, noColour, ScreenWriter } from './screen-writer.js';
import { initialState, type Effect, type AppEvent } from './state.js';
import { createStore } from './store.js';

export interface ClientOptions {
  /** A team server's address, or the embedded server to start. */
  server: { url: string } | { start: () => Embedded };
  name: string;
  room?: string;
  dataDir: string;
}


/** Plays until the player quits; resolves with the exit status. */
export async function runClient(opts: ClientOptions): Promise<number> {
  const { stdout, stdin } = process;
  if (!stdin.isTTY || !stdout.isTTY) {
    process.stderr.write('opsdrill: the game needs an interactive terminal (stdin and stdout must be a TTY)\n');
    return 2;
  }
  const history = historyStore(join(opts.dataDir, 'history'));
  let quit!: () => void;
  const done = new Promise<void>((r) => (quit = r));
  let conn: Connection | undefined;
  const run = (fx: Effect, dispatch: (e: AppEvent) => void) => {
    switch (fx.type) {
      case 'send':
        conn?.send(fx.msg);
        return;
      case 'load-history':
        dispatch({ type: 'history-loaded', scenario: fx.scenario, entries: history.load(fx.scenario) });
        return;
      case 'save-history':
        history.save(fx.scenario, fx.entries);
        return;
      case 'export': {
        const path = resolve(process.cwd(), fx.name);
        try {
          writeFileSync(path, fx.markdown);
          dispatch({ type: 'exported', path });
        } catch (e) {
          dispatch({ type: 'exported', error: (e as Error).message });
        }
        return;
      }
      case 'later':
        setTimeout(() => dispatch({ ...fx.event, at: performance.now() } as AppEvent), fx.ms);
        return;
      case 'resync':
        conn?.resync();
        return;
      case 'quit':
        quit();
    }
  };
  const url = 'url' in opts.server ? opts.server.url : '';
  const store = createStore(initialState({ url, size: { cols: stdout.columns, rows: stdout.rows }, room: opts.room, serverData: 'start' in opts.server ? opts.dataDir : undefined }), run);
  const connect = (to: string) => {
    conn = new Connection({
      url: to,
      name: opts.name,
      onMessage: (msgs) => store.dispatch({ type: 'server', msgs, at: performance.now() }),
      onState: (c) => store.dispatch({ type: 'conn', conn: c }),
    });
    conn.start();
  };

  let failure: string | undefined;
  // Colours only where the terminal has them (TERM, NO_COLOR, FORCE_COLOR, as Node reads them).
  const screen = new ScreenWriter(stdout, !noColour() && stdout.hasColors());
  stdout.write(ENTER);
  // Even if something throws, the player gets their terminal back (main screen, cursor, cooked mode).
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    screen.close();
    if (stdin.isTTY) stdin.setRawMode(false);
    stdout.write(LEAVE);
  };
  const onCrash = (e: unknown) => {
    restore();
    process.stderr.write(`opsdrill: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(70);
  };
  process.once('exit', restore);
  process.on('uncaughtException', onCrash);
  const onSignal = () => quit();
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  const onRenderError = (e: Error) => {
    failure = `internal error: ${e.message}`;
    quit();
  };
  // Debug mode: Ink hands every frame whole to the screen writer, which draws the changes.
  const instance = render(<App store={store} onError={onRenderError} />, { stdout: screen as unknown as NodeJS.WriteStream, debug: true, exitOnCtrlC: false, patchConsole: false });
  const embedded = 'start' in opts.server ? opts.server.start() : undefined;
  let leaving = false;
  if ('url' in opts.server) connect(opts.server.url);
  else {
    embedded!.ready
      .then((address) => {
        store.dispatch({ type: 'url', url: address });
        connect(address);
      })
      .catch((e: Error) => {
        if (leaving) return;
        failure = `cannot start the game server: ${e.message}`;
        quit();
      });
    void embedded!.crashed.then((why) => {
      failure = `the game server stopped: ${why}`;
      quit();
    });
  }
  try {
    await Promise.race([done, instance.waitUntilExit()]);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    conn?.close();
    screen.close();
    instance.unmount();
    restore();
    process.off('exit', restore);
    process.off('uncaughtException', onCrash);
    leaving = true;
    await embedded?.close();
  }
  if (failure) process.stderr.write(`opsdrill: ${failure}\n`);
  return failure ? (failure.startsWith('internal') ? 70 : 1) : 0;
}
