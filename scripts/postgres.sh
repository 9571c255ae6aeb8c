# Sourced by scripts/test and scripts/bench-server: a throwaway PostgreSQL
# cluster on a free loopback port, in a temporary directory, stopped by
# stop_throwaway_postgres (call it from the caller's EXIT trap).
#
#   start_throwaway_postgres [extra postgres -c settings...]
#   → PG_URL=postgres://postgres@127.0.0.1:PORT/postgres
#
# As root, the cluster runs as the `postgres` user (PostgreSQL refuses root).

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || { echo "PostgreSQL is not installed (scripts/setup --test installs it)" >&2; return 1; }
  echo "$dir"
}

PG_DIR=""
PG_URL=""

start_throwaway_postgres() {
  local bin port run_as=()
  bin=$(pg_bin_dir) || return 1
  PG_DIR=$(mktemp -d /tmp/acw-postgres.XXXXXX)
  chmod 755 "$PG_DIR"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$PG_DIR"
    run_as=(runuser -u postgres --)
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${run_as[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync -E UTF8 >"$PG_DIR/initdb.log" 2>&1 || {
    cat "$PG_DIR/initdb.log" >&2; return 1; }
  local options="-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c max_connections=200"
  for setting in "$@"; do options="$options -c $setting"; done
  "${run_as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -o "$options" -w start >/dev/null || {
    cat "$PG_DIR/server.log" >&2; return 1; }
  PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at 127.0.0.1:$port ($PG_DIR)" >&2
}

stop_throwaway_postgres() {
  [ -n "$PG_DIR" ] || return 0
  local bin run_as=()
  bin=$(pg_bin_dir) || return 0
  [ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
