// The instructor's view in a game-master room: the true state of the world and its faults,
// the players (select one to send a hint), the objectives and the team feed; a fault picker
// injects a fault live; the clock can be paused; the drill can be ended.
import { Box, Text } from 'ink';
import { frameCols, gameLayout, type Size } from '../../app/layout.js';
import type { AppState, FaultPicker } from '../../app/state.js';
import type { Segment } from '../../app/theme.js';
import { feedItems, objectiveItems } from '../../panels/items.js';
import { panelWant, Segments, SidePanel } from '../../panels/SidePanel.js';
import { Header } from '../game/Header.js';
import { share } from '../game/Game.js';
import { FAULT_CATALOGUE } from './faults.js';
import { faultRows, worldRows } from './world-summary.js';

function PickerView({ p, width, height }: { p: FaultPicker; width: number; height: number }) {
  if (p.step === 'params') {
    return (
      <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" paddingX={1}>
        <Text bold>Inject {p.type}</Text>
        <Text color="gray">Tab: next field · Enter: inject now · Esc: back. * required; other empty fields take the fault's defaults.</Text>
        {p.fields.length === 0 && <Text color="gray">This fault has no parameters.</Text>}
        {p.fields.map((f, i) => (
          <Text key={f.name} wrap="truncate">
            <Text color={i === p.field ? 'cyan' : undefined}>{`${i === p.field ? '›' : ' '} ${(f.name + (f.required ? '*' : '')).padEnd(14)} `}</Text>
            <Text>{f.value}</Text>
            {i === p.field && <Text inverse> </Text>}
          </Text>
        ))}
      </Box>
    );
  }
  const list = FAULT_CATALOGUE.filter((f) => f.id.includes(p.filter.toLowerCase()));
  const rows = Math.max(1, height - 4);
  const top = Math.max(0, Math.min(p.index - Math.floor(rows / 2), list.length - rows));
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold wrap="truncate">
        Fault library <Text color="gray">· type to filter: </Text>
        {p.filter}
        <Text inverse> </Text>
      </Text>
      {list.slice(top, top + rows).map((f, i) => (
        <Text key={f.id} wrap="truncate" color={top + i === p.index ? 'cyan' : undefined}>
          {`${top + i === p.index ? '›' : ' '} ${f.id.padEnd(28)} ${f.layer.padEnd(9)} ${f.summary}`}
        </Text>
      ))}
    </Box>
  );
}

export function GameMasterScreen({ s, size }: { s: AppState; size: Size }) {
  const room = s.room!;
  const v = room.view;
  const cols = frameCols(size);
  const layout = gameLayout(size, true);
  const gm = s.game.gm;
  const worlds = Object.entries(gm.worlds ?? {});
  const state: Segment[][] = worlds.length
    ? worlds.flatMap(([w, x]) => [...(worlds.length > 1 ? [[{ text: `World ${w}`, tone: 'accent' } as Segment]] : []), ...worldRows(x.world)])
    : worldRows(undefined);
  const faults = worlds.flatMap(([, x]) => faultRows(x.faults));
  const bodyRows = layout.paneRows;
  const stateRows = bodyRows - 1;
  const top = Math.max(0, Math.min(gm.scroll, state.length - stateRows));
  const players = Object.entries(v.players).filter(([, p]) => p.role !== 'gm');
  const faultItems = faults.map((r, i) => ({ id: String(i), segments: r }));
  const side = [
    { title: 'Faults (root causes)', items: faultItems, anchor: 'top' as const, wrap: true, empty: 'none', want: panelWant(faultItems, layout.sideCols, true), min: 5, first: true },
    {
      title: 'Players · h: send a hint',
      items: players.map(([id, p], i) => ({ id, segments: [{ text: i === gm.player ? '› ' : '  ', tone: 'accent' as const }, { text: p.name, tone: p.connected ? undefined : ('dim' as const) }] })),
      anchor: 'top' as const,
      empty: 'Waiting for players to join.',
      want: players.length + 3,
      min: 4,
    },
    { title: 'Objectives', items: objectiveItems(v), anchor: 'top' as const, wrap: true, want: panelWant(objectiveItems(v), layout.sideCols, true), min: 4 },
    { title: 'Team feed', items: feedItems(v), anchor: 'bottom' as const, empty: 'No commands yet.', want: 30, min: 5, grow: true },
  ];
  const heights = share(side, bodyRows);
  return (
    <Box flexDirection="column" width={cols} height={bodyRows + 1}>
      <Header room={room} conn={s.conn} width={cols} />
      <Box flexDirection="row" height={bodyRows}>
        <Box flexDirection="column" width={layout.paneCols} height={bodyRows}>
          {gm.picker ? (
            <PickerView p={gm.picker} width={layout.paneCols} height={bodyRows} />
          ) : (
            <>
              <Text wrap="truncate">
                <Text bold color="cyan">
                  True state
                </Text>
                <Text color="gray">{` · never shown to the players · PgUp/PgDn scroll${v.clock.paused ? ' · CLOCK PAUSED' : ''}`}</Text>
              </Text>
              {state.slice(top, top + stateRows).map((r, i) => (
                <Segments key={i} segments={r} />
              ))}
            </>
          )}
        </Box>
        <Box flexDirection="column" width={layout.sideCols} height={bodyRows}>
          {side.map((p, i) => (
            <SidePanel key={p.title} {...p} width={layout.sideCols} height={heights[i]} />
          ))}
        </Box>
      </Box>
    </Box>
  );
}
