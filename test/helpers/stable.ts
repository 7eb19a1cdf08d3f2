// The part of a World that a failed command must leave untouched: the configuration and
// running state a command can change (server/game/world-view.ts), without what traffic
// and time change by themselves. Compare two snapshots with toEqual.
export { configView as stableView } from '../../server/game/world-view.js';
