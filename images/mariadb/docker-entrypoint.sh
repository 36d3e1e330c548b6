#!/usr/bin/env bash
# A small re-implementation of the official mariadb image's docker-entrypoint.sh (same env vars,
# MARIADB_* or MYSQL_*; same init sequence: mariadb-install-db, temporary server, users, init scripts).
set -Eeo pipefail

note() { printf '%s [Note] [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$*"; }
error() { printf '%s [ERROR] [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$*" >&2; exit 1; }

# `docker run IMAGE --ssl-cert=…` means `mariadbd --ssl-cert=…`
if [ "${1:0:1}" = '-' ]; then set -- mariadbd "$@"; fi

wants_help() {
  local a
  for a; do case $a in -'?' | --help | --print-defaults | -V | --version) return 0 ;; esac; done
  return 1
}
if [ "$1" != mariadbd ] || wants_help "$@"; then exec "$@"; fi

DATADIR=/var/lib/mysql SOCKET=/run/mysqld/mysqld.sock PIDFILE=/run/mysqld/mariadbd.pid

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$DATADIR" /run/mysqld
  find "$DATADIR" /run/mysqld \! -user mysql -exec chown mysql:mysql '{}' +
  note "Switching to dedicated user 'mysql'"
  export HOME=/var/lib/mysql
  exec setpriv --reuid=mysql --regid=mysql --init-groups "${BASH_SOURCE[0]}" "$@"
fi

# MARIADB_* wins over MYSQL_*, as in the official image
for v in ROOT_PASSWORD ALLOW_EMPTY_ROOT_PASSWORD RANDOM_ROOT_PASSWORD ROOT_HOST DATABASE USER PASSWORD; do
  m=MARIADB_$v y=MYSQL_$v
  [ "$v" != ALLOW_EMPTY_ROOT_PASSWORD ] || y=MYSQL_ALLOW_EMPTY_PASSWORD
  [ -n "${!m}" ] || printf -v "$m" '%s' "${!y}"
done

# Over the socket, no TLS: 11.4+ clients would otherwise verify the server certificate, as the official image avoids.
sql() { mariadb --protocol=socket --socket="$SOCKET" --skip-ssl -uroot --comments --database=mysql "$@"; }
quote() { local s=${1//\\/\\\\}; printf '%s' "${s//\'/\\\'}"; } # for use inside '...' in SQL

if [ -d "$DATADIR/mysql" ]; then
  note "Database directory appears to contain a database; skipping initialization"
else
  if [ -z "$MARIADB_ROOT_PASSWORD" ] && [ -z "$MARIADB_ALLOW_EMPTY_ROOT_PASSWORD" ] && [ -z "$MARIADB_RANDOM_ROOT_PASSWORD" ]; then
    error $'Database is uninitialized and password option is not specified\n\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD'
  fi
  note "Initializing database files"
  mariadb-install-db --datadir="$DATADIR" --rpm --auth-root-authentication-method=normal --skip-test-db \
    --default-time-zone=SYSTEM --enforce-storage-engine= --skip-log-bin --expire-logs-days=0 >/dev/null
  note "Database files initialized"

  note "Starting temporary server"
  "$@" --skip-networking --default-time-zone=SYSTEM --socket="$SOCKET" --expire-logs-days=0 &
  for _ in $(seq 60); do
    echo 'SELECT 1' | sql >/dev/null 2>&1 && break
    sleep 0.5
  done
  echo 'SELECT 1' | sql >/dev/null || error "Unable to start server."
  note "Temporary server started."

  if [ -n "$MARIADB_RANDOM_ROOT_PASSWORD" ]; then
    MARIADB_ROOT_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
    note "GENERATED ROOT PASSWORD: $MARIADB_ROOT_PASSWORD"
  fi
  root_pw=$(quote "$MARIADB_ROOT_PASSWORD")
  root_host=${MARIADB_ROOT_HOST:-%}
  {
    echo "SET @@SESSION.SQL_LOG_BIN=0;"
    echo "DROP USER IF EXISTS root@'127.0.0.1', root@'::1';"
    echo "EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS root@\\'', @@hostname,'\\'');"
    echo "SET PASSWORD FOR 'root'@'localhost'= PASSWORD('$root_pw');"
    if [ "$root_host" != localhost ]; then
      echo "CREATE USER 'root'@'$root_host' IDENTIFIED BY '$root_pw';"
      echo "GRANT ALL ON *.* TO 'root'@'$root_host' WITH GRANT OPTION;"
      echo "GRANT PROXY ON ''@'%' TO 'root'@'$root_host' WITH GRANT OPTION;"
    fi
    if [ -n "$MARIADB_DATABASE" ]; then echo "CREATE DATABASE IF NOT EXISTS \`$MARIADB_DATABASE\`;"; fi
    if [ -n "$MARIADB_USER" ] && [ -n "$MARIADB_PASSWORD" ]; then
      echo "CREATE USER '$MARIADB_USER'@'%' IDENTIFIED BY '$(quote "$MARIADB_PASSWORD")';"
      if [ -n "$MARIADB_DATABASE" ]; then echo "GRANT ALL ON \`${MARIADB_DATABASE//_/\\_}\`.* TO '$MARIADB_USER'@'%';"; fi
    fi
  } | sql

  pwfile=$(mktemp)
  printf '[client]\npassword="%s"\n' "$(quote "$MARIADB_ROOT_PASSWORD")" >"$pwfile"
  cli=(mariadb --defaults-extra-file="$pwfile" --protocol=socket --socket="$SOCKET" --skip-ssl -uroot --comments)
  [ -z "$MARIADB_DATABASE" ] || cli+=(--database="$MARIADB_DATABASE")
  for f in /docker-entrypoint-initdb.d/*; do
    case $f in
      *.sh)
        # shellcheck source=/dev/null
        if [ -x "$f" ]; then note "$0: running $f"; "$f"; else note "$0: sourcing $f"; . "$f"; fi ;;
      *.sql) note "$0: running $f"; "${cli[@]}" <"$f" ;;
      *.sql.gz) note "$0: running $f"; gunzip -c "$f" | "${cli[@]}" ;;
      *) if [ -e "$f" ]; then note "$0: ignoring $f"; fi ;;
    esac
  done

  note "Stopping temporary server"
  pid=$(cat "$PIDFILE")
  echo 'SHUTDOWN;' | "${cli[@]}"
  while [ -d "/proc/$pid" ]; do sleep 0.1; done
  rm -f "$pwfile"
  note "Temporary server stopped"
  echo
  note "MariaDB init process done. Ready for start up."
  echo
fi

exec "$@"
