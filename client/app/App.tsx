// The root component: reads the store, turns key presses into events (one dispatcher, one
// key table), follows the terminal's size, and draws the current screen in a frame one row
// shorter than the terminal.
import { Box, useInput, useStdin, useStdout } from 'ink';
import { Component, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { keyPresses } from '../terminal/keys.js';
import { GameScreen } from '../screens/game/Game.js';
import { GameMasterScreen } from '../screens/gm/GameMaster.js';
import { HomeScreen } from '../screens/home/Home.js';
import { JoinScreen } from '../screens/join/Join.js';
import { LeaderboardScreen } from '../screens/leaderboard/Leaderboard.js';
import { LobbyScreen } from '../screens/lobby/Lobby.js';
import { PickerScreen } from '../screens/picker/Picker.js';
import { ReplaysScreen } from '../screens/replays/Replays.js';
import { ReportScreen } from '../screens/report/Report.js';
import { frameCols, frameRows, type Size } from './layout.js';
import { isGm, type AppState } from './state.js';
import { StatusLine } from './StatusLine.js';
import type { Store } from './store.js';

function Screen({ s, size }: { s: AppState; size: Size }) {
  switch (s.screen) {
    case 'home':
      return <HomeScreen s={s} size={size} />;
    case 'picker':
      return <PickerScreen s={s} size={size} />;
    case 'join':
      return <JoinScreen s={s} size={size} />;
    case 'lobby':
      return s.room ? <LobbyScreen s={s} size={size} /> : null;
    case 'game':
      if (!s.room) return null;
      return isGm(s) ? <GameMasterScreen s={s} size={size} /> : <GameScreen s={s} size={size} />;
    case 'report':
      return s.report ? <ReportScreen s={s} size={size} /> : null;
    case 'leaderboard':
      return <LeaderboardScreen s={s} size={size} />;
    case 'replays':
      return <ReplaysScreen s={s} size={size} />;
  }
}

/** A drawing bug ends the game with one line on the restored terminal, not Ink's stack trace. */
class Crash extends Component<{ onError?: (e: Error) => void; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(e: Error) {
    this.props.onError?.(e);
  }
  override render() {
    return this.state.failed ? null : this.props.children;
  }
}

export function App({ store, onError }: { store: Store; onError?: (e: Error) => void }) {
  const s = useSyncExternalStore(store.subscribe, store.getState);
  const { isRawModeSupported } = useStdin();
  const { stdout } = useStdout();
  useInput(
    (input, key) => {
      const at = performance.now();
      for (const press of keyPresses(input, key)) store.dispatch({ type: 'key', press, at });
    },
    { isActive: isRawModeSupported === true },
  );
  useEffect(() => {
    const onResize = () => store.dispatch({ type: 'resize', size: { cols: stdout.columns, rows: stdout.rows } });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, store]);
  const cols = frameCols(s.size);
  return (
    <Box flexDirection="column" width={cols} height={frameRows(s.size)} overflowY="hidden">
      <Box height={frameRows(s.size) - 1} flexDirection="column" overflowY="hidden">
        <Crash onError={onError}>
          <Screen s={s} size={s.size} />
        </Crash>
      </Box>
      <StatusLine s={s} width={cols} />
    </Box>
  );
}
