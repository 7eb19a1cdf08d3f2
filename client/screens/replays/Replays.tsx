// Finished drills kept by the server, and how to replay one.
import { Box, Text } from 'ink';
import { frameRows, listRows, type Size } from '../../app/layout.js';
import type { AppState } from '../../app/state.js';

export function ReplaysScreen({ s, size }: { s: AppState; size: Size }) {
  const list = s.replays;
  const n = listRows(size) - 1;
  const top = Math.max(0, Math.min(s.listIndex - Math.floor(n / 2), (list?.length ?? 0) - n));
  const sel = list?.[s.listIndex];
  return (
    <Box flexDirection="column" paddingX={1} height={frameRows(size) - 1}>
      <Text bold>Replays</Text>
      <Text color="gray" wrap="truncate">
        {sel ? `Replay the selected drill in a shell: opsdrill replay ${sel.id} --data ${s.serverData ?? "<the server's data directory>"}` : 'Finished drills appear here.'}
      </Text>
      <Text bold color="gray" wrap="truncate">
        {`  ${'FINISHED'.padEnd(18)}${'SCENARIO'.padEnd(28)}${'MODE'.padEnd(10)}PLAYERS`}
      </Text>
      {!list && <Text color="gray">Loading…</Text>}
      {list && !list.length && <Text color="gray">No finished drills yet.</Text>}
      {list?.slice(top, top + n).map((r, i) => (
        <Text key={r.id} wrap="truncate" color={top + i === s.listIndex ? 'cyan' : undefined}>
          {`${top + i === s.listIndex ? '›' : ' '} ${r.finishedAt.replace('T', ' ').slice(0, 16).padEnd(18)}${r.scenario.slice(0, 27).padEnd(28)}${r.mode.padEnd(10)}${r.players.join(', ')}`}
        </Text>
      ))}
    </Box>
  );
}
