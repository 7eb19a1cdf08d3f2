// Home: what to do — play alone, run or join a team room, look at results — and where we
// are connected.
import { Box, Text } from 'ink';
import { frameRows, type Size } from '../../app/layout.js';
import { HOME_ITEMS, type AppState } from '../../app/state.js';
import { BINDINGS } from '../../terminal/keys.js';

const LOGO = ['┌─┐┌─┐┌─┐┌┬┐┬─┐┬┬  ┬  ', '│ │├─┘└─┐ ││├┬┘││  │  ', '└─┘┴  └─┘─┴┘┴└─┴┴─┘┴─┘'];

const shortcut = (id: string) => BINDINGS.find((b) => b.context === 'home' && b.command === id)?.keys[0];

export function HomeScreen({ s, size }: { s: AppState; size: Size }) {
  const where = !s.url
    ? 'Starting the game server on this machine…'
    : s.conn.state === 'online'
      ? `Connected to ${s.url} as ${s.me?.name ?? '…'}`
      : s.conn.state === 'retrying'
        ? `Not connected to ${s.url}`
        : `Connecting to ${s.url}…`;
  const tall = frameRows(size) >= 20;
  return (
    <Box flexDirection="column" paddingX={2} paddingTop={1} height={frameRows(size) - 1}>
      {tall && LOGO.map((l) => (
        <Text key={l} color="cyan">
          {l}
        </Text>
      ))}
      <Text bold>opsdrill — something is broken. Find it, fix it.</Text>
      <Text color={s.conn.state === 'online' ? 'green' : 'yellow'}>{where}</Text>
      <Box flexDirection="column" marginTop={1}>
        {HOME_ITEMS.map((item, i) => {
          const on = i === s.homeIndex;
          return (
            <Text key={item.id} wrap="truncate">
              <Text color={on ? 'cyan' : undefined} bold={on}>{`${on ? '›' : ' '} ${item.label.padEnd(20)}`}</Text>
              <Text color="gray">{` [${shortcut(item.id)}] `}</Text>
              <Text color="gray">{on ? item.help : ''}</Text>
            </Text>
          );
        })}
      </Box>
    </Box>
  );
}
