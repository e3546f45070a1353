#!/usr/bin/env bash
# The embedded PostgreSQL: a private cluster for development and tests.
#
#   embedded-pg.sh start DIR     initdb on first use, start, print the DATABASE_URL
#   embedded-pg.sh stop DIR      stop it (fast shutdown)
#   embedded-pg.sh url DIR       print the DATABASE_URL of a cluster that exists
#   embedded-pg.sh app-url DIR   print the URL gatewayd uses: the runtime role
#
# The cluster listens on 127.0.0.1 only, on a free port (25432-25999) chosen at first start
# (kept in DIR/port), with scram-sha-256 passwords (the superuser "gateway" and a
# random password kept in DIR/password, mode 0600). initdb refuses to run as
# root, so as root the cluster belongs to the unprivileged "postgres" user.
# Every start also makes sure of the login role gatewayd runs as, "gateway_app"
# (random password in DIR/app-password), a member of the group role
# "gateway_runtime" that the migrations grant what gatewayd needs and no more
# (docs/database-roles.md). The superuser URL is for migrations and gatewayctl. If
# that user cannot reach DIR (a checkout under /root, say), the data live in
# /var/tmp/gateway-pg-<hash of DIR> and DIR/data is a symbolic link to them.
set -euo pipefail

cmd=${1:?usage: embedded-pg.sh start|stop|url|app-url DIR}
dir=${2:?usage: embedded-pg.sh start|stop|url|app-url DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$pgbin/initdb" ]] || { echo "embedded-pg: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() {
  local port password
  port=$(cat "$dir/port")
  password=$(cat "$dir/password")
  echo "postgresql://gateway:${password}@127.0.0.1:${port}/postgres"
}

app_url() {
  local port password
  port=$(cat "$dir/port")
  password=$(cat "$dir/app-password")
  echo "postgresql://gateway_app:${password}@127.0.0.1:${port}/postgres"
}

# The runtime login role, created or given its password again (idempotent).
ensure_app_role() {
  if [[ ! -s "$dir/app-password" ]]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/app-password")
  fi
  local app_password
  app_password=$(cat "$dir/app-password")
  PGPASSWORD=$(cat "$dir/password") "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$dir/port")" \
    -U gateway -d postgres -v app_password="$app_password" >/dev/null <<'SQL'
SELECT format('CREATE ROLE gateway_runtime NOLOGIN') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gateway_runtime') \gexec
SELECT format('CREATE ROLE gateway_app LOGIN') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gateway_app') \gexec
ALTER ROLE gateway_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
GRANT gateway_runtime TO gateway_app;
SQL
}

# Ports below Linux's ephemeral range (32768-60999), so a client socket or a
# program asking for "any free port" cannot take the cluster's port while it is stopped.
free_port() {
  local p
  for p in $(seq 25432 25999); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "$p"; return; fi
  done
  echo "embedded-pg: no free port in 25432-25999" >&2; exit 1
}

data_dir() {
  if [[ -L "$dir/data" || -d "$dir/data" ]]; then echo "$dir/data"; return; fi
  if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$dir"; then
    local alt="/var/tmp/gateway-pg-$(echo -n "$dir" | sha256sum | cut -c1-16)"
    mkdir -p "$alt"
    ln -s "$alt" "$dir/data"
  else
    mkdir -p "$dir/data"
  fi
  echo "$dir/data"
}

case "$cmd" in
  start)
    data=$(data_dir)
    real=$(readlink -f "$data")
    if [[ ! -f "$real/PG_VERSION" ]]; then
      umask 077
      head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/password"
      [[ -f "$dir/port" ]] || free_port > "$dir/port"
      [[ $(id -u) -eq 0 ]] && chown postgres "$real"
      chmod 700 "$real"
      pwfile=$(mktemp)
      cp "$dir/password" "$pwfile"
      [[ $(id -u) -eq 0 ]] && chown postgres "$pwfile"
      as_owner "$pgbin/initdb" -D "$real" -U gateway --pwfile="$pwfile" --auth=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { rm -f "$pwfile"; cat "$dir/initdb.log" >&2; exit 1; }
      rm -f "$pwfile"
      cat >> "$real/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 300
shared_buffers = 256MB
log_destination = 'stderr'
logging_collector = off
CONF
    fi
    port=$(cat "$dir/port")
    if as_owner "$pgbin/pg_ctl" -D "$real" status >/dev/null 2>&1; then
      ensure_app_role
      url; exit 0
    fi
    # The port may have been taken since the first start: pick another.
    if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then free_port > "$dir/port"; port=$(cat "$dir/port"); fi
    touch "$dir/postgres.log"; [[ $(id -u) -eq 0 ]] && chown postgres "$dir/postgres.log" || true
    logfile="$dir/postgres.log"
    if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -w "$logfile"; then logfile="$real/postgres.log"; fi
    as_owner "$pgbin/pg_ctl" -D "$real" -o "-p $port" -l "$logfile" -w -t 60 start >/dev/null
    ensure_app_role
    url
    ;;
  stop)
    [[ -e "$dir/data" ]] || exit 0
    real=$(readlink -f "$dir/data")
    if as_owner "$pgbin/pg_ctl" -D "$real" status >/dev/null 2>&1; then
      as_owner "$pgbin/pg_ctl" -D "$real" -m fast -w -t 60 stop >/dev/null
    fi
    ;;
  url)
    url
    ;;
  app-url)
    app_url
    ;;
  *)
    echo "usage: embedded-pg.sh start|stop|url|app-url DIR" >&2; exit 2 ;;
esac
