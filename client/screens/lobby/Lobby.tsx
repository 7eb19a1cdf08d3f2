// The lobby: the room code to share (with the exact join command), the briefing, who is in
// and ready. The owner starts the drill; it also starts when every player is ready.
import { Box, Text } from 'ink';
import { frameCols, frameRows, type Size } from '../../app/layout.js';
import type { AppState } from '../../app/state.js';
import { MARK } from '../../app/theme.js';
import { clock } from '../../panels/items.js';
import { MODE_HELP } from '../picker/Picker.js';

export function LobbyScreen({ s, size }: { s: AppState; size: Size }) {
  const room = s.room!;
  const v = room.view;
  const cols = frameCols(size) - 4;
  const loopback = /^wss?:\/\/(127\.|localhost|\[::1\])/.test(s.url);
  const briefing = v.scenario.briefing.trimEnd().split('\n');
  const players = Object.entries(v.players);
  const spare = Math.max(2, frameRows(size) - 14 - players.length);
  return (
    <Box flexDirection="column" paddingX={2} height={frameRows(size) - 1}>
      <Text wrap="truncate">
        <Text bold>Room </Text>
        <Text bold color="cyan" inverse>{` ${v.code} `}</Text>
        <Text color="gray">{`  ${MODE_HELP[v.mode] ?? v.mode}`}</Text>
      </Text>
      <Text wrap="truncate">
        Share: <Text color="cyan">{`opsdrill join ${s.url} --room ${v.code}`}</Text>
      </Text>
      {loopback && (
        <Text color="gray" wrap="truncate">
          This server only listens on this machine; for a team on other machines run `opsdrill server --host 0.0.0.0`.
        </Text>
      )}
      <Box marginTop={1} flexDirection="column">
        <Text bold wrap="truncate">
          {v.scenario.title} <Text color="gray">{`· ${v.scenario.difficulty} · par ${clock(v.scenario.parMs)}`}</Text>
        </Text>
        {briefing.slice(0, spare).map((l, i) => (
          <Text key={i} wrap="truncate">
            {l.slice(0, cols)}
          </Text>
        ))}
        {briefing.length > spare && <Text color="gray">… (the rest of the briefing shows when the drill starts)</Text>}
      </Box>
      <Box marginTop={1} flexDirection="column">
        <Text bold>Players</Text>
        {players.map(([id, p]) => (
          <Text key={id} wrap="truncate">
            <Text color={p.ready ? 'green' : 'gray'}>{`${p.ready ? MARK.ready : MARK.notReady} `}</Text>
            <Text bold={id === room.you}>{p.name.padEnd(16)}</Text>
            <Text color="gray">{p.role === 'gm' ? ' game master' : p.team ? ` team ${p.team.toUpperCase()}` : ''}</Text>
            <Text color={p.ready ? 'green' : 'gray'}>{p.role === 'gm' ? '' : p.ready ? ' ready' : ' not ready'}</Text>
            <Text color="gray">{p.connected ? '' : ' (disconnected)'}</Text>
          </Text>
        ))}
      </Box>
      <Box marginTop={1}>
        <Text color="gray" wrap="truncate">
          {room.owner ? 'You created this room: press s to start, or wait until every player is ready.' : 'The drill starts when the room owner starts it or every player is ready.'}
        </Text>
      </Box>
    </Box>
  );
}
