// The part of a World that a failed command must leave untouched: the configuration and
// running state a command can change (server/game/world-view.ts), without what traffic
// and time change by themselves. A deep copy: compare two snapshots with toEqual.
import { configPrint } from '../../server/game/world-view.js';
import type { World } from '../../server/sim/world/types.js';

export const stableView = (world: World): unknown => JSON.parse(configPrint(world));
