#!/usr/bin/env bash
# Start/stop a local Docker engine (Debian's docker.io) for the compatlab image lab.
#   .ci/docker-engine.sh start   # no-op if `docker info` already works
#   .ci/docker-engine.sh stop    # stops only an engine this script started
#   .ci/docker-engine.sh status
set -euo pipefail

STATE_DIR=${COMPATLAB_DOCKERD_STATE:-/tmp/compatlab-dockerd}
PIDFILE=$STATE_DIR/dockerd.pid
LOG=$STATE_DIR/dockerd.log
STARTED_MARK=$STATE_DIR/started-by-compatlab   # pid of the dockerd we started
CONTAINERD_MARK=$STATE_DIR/containerd.pid       # pid of the containerd it spawned
TIMEOUT=${DOCKERD_TIMEOUT:-60}

log() { echo "docker-engine: $*" >&2; }

engine_up() { docker info >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  # The /usr/local/bin docker client (28.x, API 1.50) negotiates down to the
  # engine's API (20.10 → 1.41); make sure a client exists at all.
  command -v docker >/dev/null 2>&1 || { log "no docker client on PATH"; exit 1; }
}

start() {
  if engine_up; then
    log "engine already running ($(docker version -f '{{.Server.Version}}' 2>/dev/null)); not starting another"
    return 0
  fi
  [ "$(id -u)" = 0 ] || { log "must run as root"; exit 1; }
  install_packages
  mkdir -p "$STATE_DIR"
  if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    log "dockerd $(cat "$PIDFILE") is running but not answering; see $LOG"; exit 1
  fi
  rm -f "$PIDFILE"
  log "starting dockerd (log: $LOG)"
  # setsid -f: the daemon must not die with the calling shell or job
  setsid -f dockerd --pidfile "$PIDFILE" >"$LOG" 2>&1 </dev/null
  local t0=$SECONDS pid=
  until engine_up; do
    [ -n "$pid" ] || { pid=$(cat "$PIDFILE" 2>/dev/null || true); [ -z "$pid" ] || echo "$pid" >"$STARTED_MARK"; }
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      log "dockerd exited; log tail:"; tail -n 40 "$LOG" >&2; rm -f "$STARTED_MARK"; exit 1
    fi
    if (( SECONDS - t0 >= TIMEOUT )); then
      log "dockerd not ready after ${TIMEOUT}s; log tail:"; tail -n 40 "$LOG" >&2; exit 1
    fi
    sleep 0.5
  done
  cat "$PIDFILE" >"$STARTED_MARK"
  # remember the containerd this dockerd spawned (its child), so stop can make sure it is gone
  local cpid
  cpid=$(cat /var/run/docker/containerd/containerd.pid 2>/dev/null || true)
  if [ -n "$cpid" ] && [ "$(awk '{print $4}' "/proc/$cpid/stat" 2>/dev/null)" = "$(cat "$PIDFILE")" ]; then
    echo "$cpid" >"$CONTAINERD_MARK"
  fi
  log "ready in $((SECONDS - t0))s: $(docker version -f 'client {{.Client.Version}} / server {{.Server.Version}} (API {{.Server.APIVersion}})')"
}

stop() {
  if [ ! -f "$STARTED_MARK" ]; then
    if engine_up; then log "engine was not started by this script; leaving it alone"; else log "no engine running"; fi
    return 0
  fi
  local pid; pid=$(cat "$STARTED_MARK")
  if grep -qx dockerd "/proc/$pid/comm" 2>/dev/null; then
    log "stopping dockerd $pid"
    kill -TERM "$pid"   # dockerd stops the containerd it spawned itself
    local t0=$SECONDS
    while kill -0 "$pid" 2>/dev/null; do
      if (( SECONDS - t0 >= TIMEOUT )); then log "dockerd $pid still running after ${TIMEOUT}s; sending SIGKILL"; kill -KILL "$pid"; fi
      sleep 0.5
    done
  fi
  # dockerd normally stops its containerd on the way out; make sure it is gone
  local cpid
  cpid=$(cat "$CONTAINERD_MARK" 2>/dev/null || true)
  if [ -n "$cpid" ] && grep -q containerd "/proc/$cpid/comm" 2>/dev/null; then
    log "stopping containerd $cpid"
    kill -TERM "$cpid"
    while kill -0 "$cpid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$STARTED_MARK" "$CONTAINERD_MARK"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if engine_up; then docker version -f 'client {{.Client.Version}} / server {{.Server.Version}} (API {{.Server.APIVersion}})'; else echo "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
