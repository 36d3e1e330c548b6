/**
 * The server runs under this `sh`, whose stdin compatlab holds open for the server's life. At its
 * end (compatlab is gone, even by SIGKILL) the wrapper asks the server to shut down (its stop signal `$2`,
 * SIGINT for a postmaster, SIGTERM for mysqld; SIGKILL if it still runs 20 s later) and removes the run's
 * directory `$1`, which belongs to the server user. compatlab's INT and TERM become the stop signal, QUIT is
 * passed on, and the wrapper ends with the server's status, so a crash is seen as before. A stop signal that
 * comes before the server is started is held and passed on once it is: a wrapper killed by it would leave the
 * server running, holding the pipes compatlab waits on.
 * fd 3, because POSIX sh gives background jobs /dev/null as stdin.
 */
const script = `root=$1; stop=$2; shift 2
held=
trap 'held=$stop' INT TERM
trap 'held=QUIT' QUIT
exec 3<&0 </dev/null
"$@" 3<&- &
pm=$!
{ while read -r _; do :; done; kill -USR1 $$; sleep 20; kill -KILL $pm; } <&3 >/dev/null 2>&1 &
watcher=$!
exec 3<&-
orphaned=
trap 'kill -$stop $pm 2>/dev/null' INT TERM
trap 'kill -QUIT $pm 2>/dev/null' QUIT
trap 'orphaned=1; kill -$stop $pm 2>/dev/null' USR1
[ -z "$held" ] || kill -$held $pm 2>/dev/null
while wait $pm; status=$?; kill -0 $pm 2>/dev/null; do :; done
kill $watcher 2>/dev/null
[ -z "$orphaned" ] || rm -rf "$root"
exit $status`;

/** `sh` running `argv` under the guard; `root` is removed when compatlab dies without stopping the server. */
export function guarded(root: string, stopSignal: NodeJS.Signals, argv: string[]): [string, string[]] {
  return ['sh', ['-c', script, 'compatlab-server', root, stopSignal.replace(/^SIG/, ''), ...argv]];
}
