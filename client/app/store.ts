// The client's state container: runs the reducer, then its effects, and tells the view once
// per burst of events (a microtask later), so a flood of output frames costs one redraw.
import type { AppEvent, AppState, Effect } from './state.js';
import { update } from './state.js';

export interface Store {
  getState(): AppState;
  dispatch(e: AppEvent): void;
  subscribe(fn: () => void): () => void;
}

export function createStore(initial: AppState, run: (fx: Effect, dispatch: (e: AppEvent) => void) => void): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  let scheduled = false;
  const notify = () => {
    scheduled = false;
    for (const l of listeners) l();
  };
  const dispatch = (e: AppEvent) => {
    const [next, effects] = update(state, e);
    state = next;
    for (const fx of effects) run(fx, dispatch);
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(notify);
    }
  };
  return {
    getState: () => state,
    dispatch,
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
