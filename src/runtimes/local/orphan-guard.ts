/**
 * The postmaster runs under this `sh`, whose stdin compatlab holds open for the server's life. At its
 * end (compatlab is gone, even by SIGKILL) the wrapper asks the postmaster for a fast shutdown (SIGINT;
 * SIGQUIT, an immediate one, if it still runs 20 s later) and removes the run's directory `$1`, which
 * belongs to the server user. compatlab's own stop signals (INT, QUIT, TERM) are passed on, and the
 * wrapper ends with the postmaster's status, so a crash is seen as before. A stop signal that comes before
 * the postmaster is started is held and passed on once it is: a wrapper killed by it would leave the
 * postmaster running, holding the pipes compatlab waits on.
 * fd 3, because POSIX sh gives background jobs /dev/null as stdin.
 */
const script = `root=$1; shift
stop=
trap 'stop=INT' INT TERM
trap 'stop=QUIT' QUIT
exec 3<&0 </dev/null
"$@" 3<&- &
pm=$!
{ while read -r _; do :; done; kill -USR1 $$; sleep 20; kill -QUIT $pm; } <&3 >/dev/null 2>&1 &
watcher=$!
exec 3<&-
orphaned=
trap 'kill -INT $pm 2>/dev/null' INT TERM
trap 'kill -QUIT $pm 2>/dev/null' QUIT
trap 'orphaned=1; kill -INT $pm 2>/dev/null' USR1
[ -z "$stop" ] || kill -$stop $pm 2>/dev/null
while wait $pm; status=$?; kill -0 $pm 2>/dev/null; do :; done
kill $watcher 2>/dev/null
[ -z "$orphaned" ] || rm -rf "$root"
exit $status`;

/** `sh` running `argv` under the guard; `root` is removed when compatlab dies without stopping the server. */
export function guarded(root: string, argv: string[]): [string, string[]] {
  return ['sh', ['-c', script, 'compatlab-postgres', root, ...argv]];
}
