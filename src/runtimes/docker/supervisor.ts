import { InfraError } from '../../core/errors.js';

/**
 * PID 1 of every server container (POSIX sh, so slim images have it): runs the image's entrypoint
 * and command as its child, passes the container's stop signals on, and ends with the child's
 * status, so a server that dies still ends the container. `restartSignal` asks for a restart: the child
 * gets the image's stop signal (SIGKILL after `restartGraceSeconds`, as `docker restart` does) and, once
 * it has exited, is started again, the entrypoint included, without stopping the container.
 * A background child ignores SIGINT/SIGQUIT unless it handles them; database servers do.
 * Dead-man switch: compatlab holds the container's stdin open (`stdin-lifeline.ts`). At its end (compatlab
 * is gone, even by SIGKILL) the supervisor stops the server as `docker stop` does (SIGKILL a minute later if
 * it still runs), and the container goes (AutoRemove). fd 3, because POSIX sh gives background jobs /dev/null as stdin; the child does not get it.
 */
const script = `stop=$1 grace=$2; shift 2
child= restart= stopping= timer=
send() { [ -z "$child" ] || kill -"$1" "$child" 2>/dev/null; }
for sig in TERM INT QUIT; do trap "stopping=$sig; send $sig" "$sig"; done
trap 'send HUP' HUP
trap '[ -n "$stopping" ] || [ -n "$restart" ] || { restart=1; send "$stop"; { sleep "$grace"
  echo "compatlab-supervisor: the server did not stop within $grace s of the restart request: killing it" >&2
  kill -USR2 $$; } & timer=$!; }' USR1
trap 'send KILL' USR2
exec 3<&0
{ while read -r _; do :; done
  echo "compatlab-supervisor: compatlab's link to this container (its stdin) closed: stopping the server" >&2
  kill -"$stop" $$; exec >/dev/null 2>&1; sleep 60; kill -USR2 $$; } <&3 &
watcher=$!
exec 3<&- </dev/null
while :; do
  "$@" &
  child=$!
  [ -z "$stopping" ] || send "$stopping"
  while wait "$child"; status=$?; kill -0 "$child" 2>/dev/null; do :; done
  [ -z "$timer" ] || { kill "$timer" 2>/dev/null; timer=; }
  [ -n "$restart" ] && [ -z "$stopping" ] || { kill "$watcher" 2>/dev/null; exit "$status"; }
  restart=
done`;

/** The container entrypoint that runs `entrypoint` (then the container command) under the supervisor. */
export function supervised(entrypoint: string[], stopSignal: string | undefined, restartGraceSeconds = 10): string[] {
  return ['sh', '-c', script, 'compatlab-supervisor', signalName(stopSignal), String(restartGraceSeconds), ...entrypoint];
}

/** Sent to the container (its PID 1, the supervisor): restarts the server process. */
export const restartSignal = 'SIGUSR1';

/** An image's STOPSIGNAL (`SIGINT`, `INT`, `2`) as `kill -…` takes it; docker's default is SIGTERM. */
export function signalName(stopSignal: string | undefined): string {
  const name = (stopSignal || 'SIGTERM').toUpperCase().replace(/^SIG/, '');
  if (!/^([A-Z][A-Z0-9]*|\d+)$/.test(name)) throw new InfraError(`unexpected stop signal "${stopSignal}" in the image`);
  return name;
}
