// The game screen's top bar: scenario, room, mode, simulated clock against par (or the time
// left), objectives, hints used or the score, connection.
import { Text } from 'ink';
import { useEffect, useState } from 'react';
import { reckonedSimMs } from '../../app/clock.js';
import type { RoomState } from '../../app/state.js';
import { MARK } from '../../app/theme.js';
import type { ConnState } from '../../net/connection.js';
import { clock } from '../../panels/items.js';

const MODE_LABEL: Record<string, string> = { solo: 'solo', team: 'team drill', incident: 'scored incident', versus: 'versus', gm: 'game master' };

/** The wall time, renewed every second while `active` (the header's clock runs). */
function useSecondTicks(active: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

export function Header({ room, conn, width }: { room: RoomState; conn: ConnState; width: number }) {
  const v = room.view;
  const runs = v.state === 'running' && !v.clock.paused && room.clockAt !== undefined;
  const simMs = reckonedSimMs(room, useSecondTicks(runs));
  const objs = Object.values(v.objectives);
  const green = objs.filter((o) => o.green).length;
  const me = v.players[room.you];
  const time = v.clock.limitMs !== undefined ? `⏱ ${clock(simMs)} · left ${clock(Math.max(0, v.clock.limitMs - simMs))}` : `⏱ ${clock(simMs)} / par ${clock(v.scenario.parMs)}`;
  const parts = [
    { text: time + (v.clock.paused ? ' (paused)' : '') },
    { text: `${green === objs.length ? MARK.ok : MARK.bad} ${green}/${objs.length}` },
    ...(v.rival ? [{ text: `rival ${v.rival.green}/${v.rival.total}` }] : []),
    { text: me?.score !== undefined ? `score ${me.score}` : `hints ${v.hintsUsed}`, drop: 3 },
    { text: `room ${v.code}`, drop: 1 },
    { text: MODE_LABEL[v.mode] + (v.team ? ` · team ${v.team.toUpperCase()}` : ''), drop: 2 },
    { text: conn.state === 'online' ? '● online' : '○ offline' },
  ];
  // On a narrow terminal the room code goes first, then the mode, then the hints.
  let status = parts.map((p) => p.text).join(' │ ');
  for (let level = 1; level <= 3 && status.length + 2 > width; level++) status = parts.filter((p) => !p.drop || p.drop > level).map((p) => p.text).join(' │ ');
  // The title gets what the status leaves, so the clock and objectives always show.
  const tail = ` ${status} `;
  const left = width - tail.length - 4;
  const title = left >= 8 ? ` ${v.scenario.title.length > left ? v.scenario.title.slice(0, left - 1) + '…' : v.scenario.title} │` : '';
  const text = title + tail;
  return (
    <Text inverse bold wrap="truncate">
      {text.length < width ? text + ' '.repeat(width - text.length) : text.slice(0, width)}
    </Text>
  );
}
