// Joining a room: the code a team lead shared.
import { Box, Text } from 'ink';
import { frameRows, type Size } from '../../app/layout.js';
import type { AppState } from '../../app/state.js';

export function JoinScreen({ s, size }: { s: AppState; size: Size }) {
  return (
    <Box flexDirection="column" paddingX={2} paddingTop={1} height={frameRows(size) - 1}>
      <Text bold>Join a room</Text>
      <Text color="gray">The room code is in the lobby of whoever created the room.</Text>
      <Box marginTop={1}>
        <Text>
          Room code: <Text color="cyan">{s.join.code}</Text>
          <Text inverse> </Text>
        </Text>
      </Box>
      {s.join.error && <Text color="red">{s.join.error}</Text>}
    </Box>
  );
}
