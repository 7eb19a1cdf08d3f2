// Player sessions: login environment, prompt, and the stack of shells that `ssh` (or
// `sudo -i`) opens and `exit` closes.
import type { Host, World } from '../sim/world/types.js';
import { fileKind } from './files.js';
import type { Session, SessionFrame } from './types.js';

export const homeOf = (user: string) => (user === 'root' ? '/root' : `/home/${user}`);

/** The environment of a fresh login shell on Debian (what `env` shows). */
function loginEnv(user: string): Record<string, string> {
  const home = homeOf(user);
  return {
    SHELL: '/bin/bash',
    PWD: home,
    LOGNAME: user,
    HOME: home,
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    USER: user,
    SHLVL: '1',
    PATH: user === 'root'
      ? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
      : '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games',
  };
}

/** A player's account has a home directory (an empty-directory key in host.files). */
function ensureHome(host: Host | undefined, user: string): void {
  const home = homeOf(user);
  if (host && fileKind(host, home) === undefined) host.files[home + '/'] = '';
}

/** A login shell on `hostName`, in the user's home directory. */
export function newSession(world: World, hostName: string, user = 'root'): Session {
  if (!world.hosts[hostName]) throw new Error(`newSession: no host ${hostName}`);
  ensureHome(world.hosts[hostName], user);
  return { user, host: hostName, cwd: homeOf(user), env: loginEnv(user), history: [], stack: [], lastExit: 0 };
}

/** `user@host:~# ` for root, `user@host:~/dir$ ` otherwise (Debian's PS1 `\u@\h:\w\$ `). */
export function prompt(session: Session): string {
  const home = session.env.HOME ?? homeOf(session.user);
  const { cwd } = session;
  const w = cwd === home ? '~' : home !== '/' && cwd.startsWith(home + '/') ? '~' + cwd.slice(home.length) : cwd;
  return `${session.user}@${session.host}:${w}${session.user === 'root' ? '#' : '$'} `;
}

/**
 * Opens a login shell as `user` on `host` on top of the current one (ssh, `sudo -i`);
 * `closeMessage` is printed on stderr when it exits (ssh: `Connection to web2 closed.`).
 */
export function pushLogin(world: World, session: Session, host: string, user: string, closeMessage?: string): void {
  ensureHome(world.hosts[host], user);
  const frame: SessionFrame = { user: session.user, host: session.host, cwd: session.cwd, env: session.env };
  if (closeMessage !== undefined) frame.closeMessage = closeMessage;
  session.stack.push(frame);
  session.user = user;
  session.host = host;
  session.cwd = homeOf(user);
  session.env = loginEnv(user);
}

/** Closes the innermost shell opened by pushLogin; undefined at the bottom shell. */
export function popLogin(session: Session): SessionFrame | undefined {
  const frame = session.stack.pop();
  if (!frame) return undefined;
  session.user = frame.user;
  session.host = frame.host;
  session.cwd = frame.cwd;
  session.env = frame.env ?? loginEnv(frame.user);
  return frame;
}
