// The leaderboard: best scores kept by the server, for every scenario or one.
import { Box, Text } from 'ink';
import { frameRows, listRows, type Size } from '../../app/layout.js';
import type { AppState } from '../../app/state.js';

export function LeaderboardScreen({ s, size }: { s: AppState; size: Size }) {
  const rows = s.leaderboard.rows;
  const options = ['', ...(s.scenarios ?? []).map((x) => x.id)];
  const filter = options[s.leaderboard.filter] || 'all scenarios';
  const n = listRows(size) - 1;
  const top = Math.max(0, Math.min(s.listIndex - Math.floor(n / 2), (rows?.length ?? 0) - n));
  return (
    <Box flexDirection="column" paddingX={1} height={frameRows(size) - 1}>
      <Text bold>Leaderboard</Text>
      <Text wrap="truncate">
        Scenario: <Text color="cyan">‹ {filter} ›</Text>
        <Text color="gray"> ←/→ to change</Text>
      </Text>
      <Text bold color="gray" wrap="truncate">
        {`  ${'#'.padEnd(4)}${'NAME'.padEnd(18)}${'SCENARIO'.padEnd(28)}${'MODE'.padEnd(10)}${'SCORE'.padStart(6)}  WHEN`}
      </Text>
      {!rows && <Text color="gray">Loading…</Text>}
      {rows && !rows.length && <Text color="gray">No results yet: finish a scenario to get on the board.</Text>}
      {rows?.slice(top, top + n).map((r, i) => (
        <Text key={top + i} wrap="truncate" color={top + i === s.listIndex ? 'cyan' : undefined}>
          {`${top + i === s.listIndex ? '›' : ' '} ${String(top + i + 1).padEnd(4)}${r.name.slice(0, 17).padEnd(18)}${r.scenario.slice(0, 27).padEnd(28)}${r.mode.padEnd(10)}${String(r.score).padStart(6)}  ${r.at.replace('T', ' ').slice(0, 16)}`}
        </Text>
      ))}
    </Box>
  );
}
