#!/usr/bin/env bash
# A small re-implementation of the official mysql image's docker-entrypoint.sh
# (same env vars, same init sequence: --initialize-insecure, temporary server, users, init scripts).
set -Eeo pipefail

note() { printf '%s [Note] [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$*"; }
error() { printf '%s [ERROR] [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$*" >&2; exit 1; }

# `docker run IMAGE --require-secure-transport=ON` means `mysqld --require-secure-transport=ON`
if [ "${1:0:1}" = '-' ]; then set -- mysqld "$@"; fi

wants_help() {
  local a
  for a; do case $a in -'?' | --help | --print-defaults | -V | --version) return 0 ;; esac; done
  return 1
}
if [ "$1" != mysqld ] || wants_help "$@"; then exec "$@"; fi

# effective value of a server option, given the config files and the arguments
get_config() {
  "$@" --verbose --help 2>/dev/null | awk -v k="$CONF_KEY" '$1 == k && /^[^ \t]/ { sub(/^[^ \t]+[ \t]+/, ""); print; exit }'
}
DATADIR=$(CONF_KEY=datadir get_config "$@"); DATADIR=${DATADIR%/}
SOCKET=$(CONF_KEY=socket get_config "$@")
PIDFILE=$(CONF_KEY=pid-file get_config "$@")
[ -n "$DATADIR" ] || { "$@" --verbose --help >/dev/null; error "mysqld configuration is broken (see above)"; }

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$DATADIR" /var/lib/mysql-files /var/run/mysqld
  find "$DATADIR" /var/lib/mysql-files /var/run/mysqld \! -user mysql -exec chown mysql:mysql '{}' +
  note "Switching to dedicated user 'mysql'"
  # no gosu in Debian; setpriv (util-linux) does the same
  export HOME=/var/lib/mysql
  exec setpriv --reuid=mysql --regid=mysql --init-groups "${BASH_SOURCE[0]}" "$@"
fi

# MySQL's client; images made from a build without one have MariaDB's, for this script only
client=$(command -v mysql || command -v mariadb) || error "no mysql (or mariadb) client in the image"
sql() { # run SQL from stdin against the temporary server
  "$client" --protocol=socket --socket="$SOCKET" -uroot --comments --database=mysql
}
quote() { local s=${1//\\/\\\\}; printf '%s' "${s//\'/\\\'}"; } # for use inside '...' in SQL

if [ -d "$DATADIR/mysql" ]; then
  note "Database directory appears to contain a database; skipping initialization"
else
  if [ -z "$MYSQL_ROOT_PASSWORD" ] && [ -z "$MYSQL_ALLOW_EMPTY_PASSWORD" ] && [ -z "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
    error $'Database is uninitialized and password option is not specified\n\tYou need to specify one of the following as an environment variable:\n\t- MYSQL_ROOT_PASSWORD\n\t- MYSQL_ALLOW_EMPTY_PASSWORD\n\t- MYSQL_RANDOM_ROOT_PASSWORD'
  fi
  [ "$MYSQL_USER" != root ] || error 'MYSQL_USER="root", MYSQL_USER and MYSQL_PASSWORD are for configuring a regular user and cannot be used for the root user'

  note "Initializing database files"
  # also creates the TLS certificates and the RSA key pair (caching_sha2_password) in the datadir
  "$@" --initialize-insecure --default-time-zone=SYSTEM
  note "Database files initialized"

  note "Starting temporary server"
  "$@" --daemonize --skip-networking --default-time-zone=SYSTEM --socket="$SOCKET"
  for _ in $(seq 60); do
    echo 'SELECT 1' | sql >/dev/null 2>&1 && break
    sleep 0.5
  done
  echo 'SELECT 1' | sql >/dev/null || error "Unable to start server."
  note "Temporary server started."

  if [ -z "$MYSQL_INITDB_SKIP_TZINFO" ] && [ -d /usr/share/zoneinfo ] && command -v mysql_tzinfo_to_sql >/dev/null; then
    mysql_tzinfo_to_sql /usr/share/zoneinfo 2>/dev/null | sql
  fi

  if [ -n "$MYSQL_RANDOM_ROOT_PASSWORD" ]; then
    MYSQL_ROOT_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
    note "GENERATED ROOT PASSWORD: $MYSQL_ROOT_PASSWORD"
  fi
  root_pw=$(quote "$MYSQL_ROOT_PASSWORD")
  root_host=${MYSQL_ROOT_HOST:-%}
  {
    echo "SET @@SESSION.SQL_LOG_BIN=0;"
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$root_pw';"
    if [ "$root_host" != localhost ]; then
      echo "CREATE USER 'root'@'$root_host' IDENTIFIED BY '$root_pw';"
      echo "GRANT ALL ON *.* TO 'root'@'$root_host' WITH GRANT OPTION;"
      echo "GRANT PROXY ON ''@'' TO 'root'@'$root_host' WITH GRANT OPTION;"
    fi
    echo "DROP DATABASE IF EXISTS test;"
    if [ -n "$MYSQL_DATABASE" ]; then
      echo "CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\`;"
    fi
    if [ -n "$MYSQL_USER" ] && [ -n "$MYSQL_PASSWORD" ]; then
      echo "CREATE USER '$MYSQL_USER'@'%' IDENTIFIED BY '$(quote "$MYSQL_PASSWORD")';"
      if [ -n "$MYSQL_DATABASE" ]; then echo "GRANT ALL ON \`${MYSQL_DATABASE//_/\\_}\`.* TO '$MYSQL_USER'@'%';"; fi
    fi
    if [ -n "$MYSQL_ONETIME_PASSWORD" ]; then echo "ALTER USER 'root'@'$root_host' PASSWORD EXPIRE;"; fi
  } | sql

  # from here on root needs its password (in a file: no "password on the command line" warnings)
  pwfile=$(mktemp)
  printf '[client]\npassword="%s"\n' "$(quote "$MYSQL_ROOT_PASSWORD")" >"$pwfile"
  cli=("$client" --defaults-extra-file="$pwfile" --protocol=socket --socket="$SOCKET" -uroot --comments)
  [ -z "$MYSQL_DATABASE" ] || cli+=(--database="$MYSQL_DATABASE")
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
  # SHUTDOWN returns before mysqld has released the datadir
  while [ -d "/proc/$pid" ]; do sleep 0.1; done
  rm -f "$pwfile"
  note "Temporary server stopped"
  echo
  note "MySQL init process done. Ready for start up."
  echo
fi

exec "$@"
