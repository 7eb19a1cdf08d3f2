// The client's connection: hello, a dropped socket retried with back-off, the resume token
// sent again so the server gives back the same seat; an unreachable server said in words.
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { Connection, describeError, type ConnState } from '../../../client/net/connection.js';
import type { ServerMessage } from '../../../shared/protocol.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  while (cleanup.length) cleanup.pop()!();
});

function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => (check() ? resolve() : Date.now() > end ? reject(new Error('timed out')) : setTimeout(poll, 10));
    poll();
  });
}

describe('connection', () => {
  test('reconnects after a drop and resumes with the token the server gave', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    cleanup.push(() => wss.close());
    await new Promise((r) => wss.once('listening', r));
    const hellos: unknown[] = [];
    const sockets: WebSocket[] = [];
    wss.on('connection', (ws) => {
      sockets.push(ws);
      ws.on('message', (d) => {
        const m = JSON.parse(String(d));
        hellos.push(m);
        ws.send(JSON.stringify({ type: 'welcome', v: 1, playerId: 'p1', resume: 'token-1', name: m.name }));
      });
    });
    const states: ConnState[] = [];
    const msgs: ServerMessage[] = [];
    const port = (wss.address() as { port: number }).port;
    const conn = new Connection({ url: `ws://127.0.0.1:${port}`, name: 'alice', onMessage: (m) => msgs.push(...m), onState: (s) => states.push(s), baseDelayMs: 20 });
    cleanup.push(() => conn.close());
    conn.start();
    await until(() => msgs.length === 1);
    expect(hellos[0]).toEqual({ type: 'hello', v: 1, name: 'alice' });
    sockets[0].terminate();
    await until(() => msgs.length === 2);
    expect(hellos[1]).toEqual({ type: 'hello', v: 1, name: 'alice', resume: 'token-1' });
    const retry = states.find((s) => s.state === 'retrying');
    expect(retry).toMatchObject({ state: 'retrying', wasOnline: true, inMs: 20 });
    expect(states.at(-1)).toEqual({ state: 'online' });
  });

  test('an unreachable server: a sentence, retried with growing delays', async () => {
    const states: ConnState[] = [];
    const conn = new Connection({ url: 'ws://127.0.0.1:1', name: 'alice', onMessage: () => {}, onState: (s) => states.push(s), baseDelayMs: 10, maxDelayMs: 40 });
    cleanup.push(() => conn.close());
    conn.start();
    await until(() => states.filter((s) => s.state === 'retrying').length >= 3);
    const retries = states.filter((s): s is Extract<ConnState, { state: 'retrying' }> => s.state === 'retrying');
    expect(retries[0]).toMatchObject({ reason: 'connection refused (is the server running?)', wasOnline: false });
    expect(retries.slice(0, 3).map((r) => r.inMs)).toEqual([10, 20, 40]);
    expect(describeError({ code: 'ENOTFOUND' })).toBe('host not found');
  });
});
