// Protocol dispatch: who is connected as whom, which room each player is in, and the
// handling of every client frame. Each frame is validated first; a bad one gets an error
// naming what was wrong and changes nothing. An exception while handling one room's frame
// is logged and answered, and never reaches another room.
import { createHash } from 'node:crypto';
import { customAlphabet, nanoid } from 'nanoid';
import type { Scenario } from '../game/scenario/types.js';
import { PROTOCOL_VERSION, parseClientMessage, type ClientMessage, type ScenarioSummary, type ServerMessage } from '../../shared/protocol.js';
import type { Store } from '../store/store.js';
import type { Connection } from './connection.js';
import { Rotation } from './rotation.js';
import { Room, RoomError, type RoomConfig, type RoomHost } from './room.js';
import type { LoggedEvent, RoomEvent } from './room-log.js';

/** Room codes: 10 characters of an alphabet without look-alikes (about 50 bits). */
const roomCode = customAlphabet('23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ', 10);

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface HubOptions {
  store: Store;
  scenarios: Map<string, Scenario>;
  config: RoomConfig;
  log: (message: string) => void;
}

export class Hub {
  readonly rooms = new Map<string, Room>();
  private readonly tickTurn = new Rotation();
  /** The room each player is seated in. */
  private readonly playerRoom = new Map<string, Room>();
  private readonly conns = new Map<string, Connection>();
  private readonly names = new Map<string, string>();
  private readonly host: RoomHost;

  constructor(private readonly opts: HubOptions) {
    this.host = {
      store: opts.store,
      config: opts.config,
      send: (id, msg) => this.conns.get(id)?.send(msg),
      sendAll: (ids, msg) => {
        const text = JSON.stringify(msg);
        for (const id of ids) this.conns.get(id)?.sendText(text);
      },
      disposed: (room) => this.forget(room),
      log: opts.log,
    };
  }

  /** Rebuilds every room that was in the lobby or running when the server stopped. */
  restore(): number {
    let n = 0;
    for (const row of this.opts.store.openGames()) {
      try {
        const scenario = this.opts.scenarios.get(row.scenario);
        if (!scenario) throw new Error(`scenario ${row.scenario} is no longer loaded`);
        const events: LoggedEvent[] = this.opts.store.events(row.id).map((e) => ({ seq: e.seq, at: e.at, ev: JSON.parse(e.event) as RoomEvent }));
        const room = Room.restore(this.host, row, scenario, events);
        this.rooms.set(room.code, room);
        for (const id of room.playerIds()) this.playerRoom.set(id, room);
        n++;
      } catch (e) {
        this.opts.log(`cannot rebuild room ${row.code} (${row.id}): ${(e as Error).message}`);
      }
    }
    return n;
  }

  onMessage(conn: Connection, raw: string): void {
    if (!conn.buckets.frames.take(Date.now())) {
      conn.send({ type: 'error', code: 'rate-limited', message: 'too many frames; slow down' });
      return;
    }
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      conn.send({ type: 'error', code: 'bad-frame', message: parsed.error });
      return;
    }
    const msg = parsed.msg;
    const ref = msg.type === 'exec' || msg.type === 'cancel' ? msg.id : undefined;
    try {
      this.dispatch(conn, msg);
    } catch (e) {
      if (e instanceof RoomError) conn.send({ type: 'error', code: e.code, message: e.message, ...(ref ? { ref } : {}) });
      else {
        this.opts.log(`error handling ${msg.type} from ${conn.playerId ?? 'anonymous'}: ${(e as Error).stack ?? e}`);
        conn.send({ type: 'error', code: 'internal', message: `the server could not handle this ${msg.type}`, ...(ref ? { ref } : {}) });
      }
    }
  }

  onClose(conn: Connection): void {
    const id = conn.playerId;
    if (!id || this.conns.get(id) !== conn) return;
    this.conns.delete(id);
    const room = this.roomOf(id);
    if (room) room.guard(() => room.disconnect(id));
    else this.names.delete(id);
  }

  /** Ticks the next 1/`shares` of the rooms (see Rotation); a failing room does not stop the others. */
  tickShare(shares: number): void {
    for (const room of this.tickTurn.next([...this.rooms.values()], shares)) room.guard(() => room.tick());
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  close(): void {
    for (const room of this.rooms.values()) room.shutdown();
  }

  private dispatch(conn: Connection, msg: ClientMessage): void {
    if (msg.type === 'hello') return this.hello(conn, msg);
    const id = conn.playerId;
    if (!id) throw new RoomError('hello-first', `send hello (protocol version ${PROTOCOL_VERSION}) before ${msg.type}`);
    switch (msg.type) {
      case 'create':
        return this.create(id, msg);
      case 'join': {
        this.leaveFinished(id);
        if (this.roomOf(id)) throw new RoomError('in-room', `you are already in room ${this.roomOf(id)!.code}; leave it first`);
        const room = this.rooms.get(msg.code);
        if (!room) throw new RoomError('no-room', `no room ${msg.code}`);
        room.join({ id, name: this.names.get(id)! }, msg.password, msg.team);
        this.playerRoom.set(id, room);
        return;
      }
      case 'scenarios':
        return conn.send({ type: 'scenarios', list: this.scenarioList() });
      case 'leaderboard':
        return conn.send({ type: 'leaderboard', rows: this.opts.store.leaderboard(msg.scenario, msg.mode) });
      case 'replays':
        return conn.send({ type: 'replays', list: this.opts.store.replays() });
      default:
        break;
    }
    const room = this.roomOf(id);
    if (!room) throw new RoomError('not-in-room', `you are not in a room (create or join one before ${msg.type})`);
    switch (msg.type) {
      case 'ready':
        return room.ready(id, msg.ready);
      case 'start':
        return room.start(id);
      case 'exec':
        if (!conn.buckets.exec.take(Date.now())) throw new RoomError('rate-limited', 'too many commands; slow down');
        return room.exec(id, msg.id, msg.line);
      case 'cancel':
        return room.cancel(id, msg.id);
      case 'chat':
        if (!conn.buckets.chat.take(Date.now())) throw new RoomError('rate-limited', 'too many chat messages; slow down');
        return room.chat(id, msg.text);
      case 'hint':
        return room.hint(id);
      case 'leave':
        room.leave(id);
        this.playerRoom.delete(id);
        return;
      case 'gm':
        return room.gm(id, msg.token, msg.action);
    }
  }

  private hello(conn: Connection, msg: Extract<ClientMessage, { type: 'hello' }>): void {
    if (conn.playerId) throw new RoomError('already-hello', 'this connection has already said hello');
    const now = Date.now();
    let id: string;
    let token: string;
    if (msg.resume) {
      const known = this.opts.store.playerByToken(tokenHash(msg.resume));
      if (!known) throw new RoomError('bad-resume', 'unknown resume token (say hello without one to start afresh)');
      id = known.id;
      token = msg.resume;
      this.opts.store.touchPlayer(id, msg.name, now);
      const old = this.conns.get(id);
      if (old && old !== conn) {
        old.playerId = undefined;
        old.close(4000, 'replaced by a new connection');
      }
    } else {
      id = nanoid(12);
      token = nanoid(32);
      this.opts.store.addPlayer(id, msg.name, tokenHash(token), now);
    }
    conn.playerId = id;
    this.conns.set(id, conn);
    this.names.set(id, msg.name);
    conn.send({ type: 'welcome', v: PROTOCOL_VERSION, playerId: id, resume: token, name: msg.name });
    const room = this.roomOf(id);
    if (room) room.guard(() => room.connect(id));
  }

  private create(id: string, msg: Extract<ClientMessage, { type: 'create' }>): void {
    this.leaveFinished(id);
    const current = this.roomOf(id);
    if (current) throw new RoomError('in-room', `you are already in room ${current.code}; leave it first`);
    const scenario = this.opts.scenarios.get(msg.scenario);
    if (!scenario) throw new RoomError('no-scenario', `no scenario "${msg.scenario}" (ask for the list with a scenarios frame)`);
    let code = roomCode();
    while (this.rooms.has(code)) code = roomCode();
    const { room } = Room.create(this.host, {
      id: nanoid(16), code, scenario, mode: msg.mode,
      ...(msg.seed !== undefined ? { seed: msg.seed } : {}),
      ...(msg.password ? { password: msg.password } : {}),
      ...(msg.maxPlayers !== undefined ? { maxPlayers: msg.maxPlayers } : {}),
    }, { id, name: this.names.get(id)! });
    this.rooms.set(code, room);
    this.playerRoom.set(id, room);
  }

  private roomOf(id: string): Room | undefined {
    const room = this.playerRoom.get(id);
    if (room && !room.seats.has(id)) {
      this.playerRoom.delete(id);
      return undefined;
    }
    return room;
  }

  /** A player still seated in a finished room may go on to another one. */
  private leaveFinished(id: string): void {
    const room = this.roomOf(id);
    if (room && room.state === 'finished') {
      room.leave(id);
      this.playerRoom.delete(id);
    }
  }

  private forget(room: Room): void {
    this.rooms.delete(room.code);
    for (const [id, r] of this.playerRoom) if (r === room) this.playerRoom.delete(id);
  }

  private scenarioList(): ScenarioSummary[] {
    return [...this.opts.scenarios.values()].map((s) => {
      const best = this.opts.store.best(s.id);
      return { id: s.id, title: s.title, difficulty: s.difficulty, layers: s.layers, parMs: s.parMs, ...(best !== undefined ? { best } : {}) };
    });
  }
}

export type { ServerMessage };
