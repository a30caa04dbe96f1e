#!/usr/bin/env bash
# Stops what deploy/local/up.sh started: nginx, the instances, and PostgreSQL when up.sh started it. The database
# and the state folder stay (logs; the secret and classifier cache for the next start).
set -uo pipefail
dir="${CITIZENHELPER_LOCAL_DIR:-${TMPDIR:-/tmp}/citizenhelper-local}"
log() { echo "down: $*" >&2; }
if [ -s "$dir/nginx.pid" ]; then
  kill "$(cat "$dir/nginx.pid")" 2>/dev/null && log "stopped nginx"
  rm -f "$dir/nginx.pid"
fi
if [ -s "$dir/instances" ]; then
  while read -r i pid _; do
    if kill "$pid" 2>/dev/null; then
      # A graceful stop first (turns in flight finish or stay for the others), then for good.
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
      log "stopped instance $i (pid $pid)"
    fi
  done < "$dir/instances"
  rm -f "$dir/instances"
fi
if [ "${CITIZENHELPER_LOCAL_DROP_DB:-}" = 1 ] && [ -s "$dir/database" ]; then
  mapfile -t db < "$dir/database"
  pg_dir="${CITIZENHELPER_PG_DIR:-${TMPDIR:-/tmp}/citizenhelper-postgres}"
  PGPASSWORD="$(cat "$pg_dir/citizenhelper.password" 2>/dev/null)" \
    "${db[1]}" -h "${db[2]}" -p "${db[3]}" -U "${db[4]}" -d "${db[5]}" -qAt -c "DROP DATABASE IF EXISTS \"${db[0]}\"" >/dev/null 2>&1 \
    && log "dropped database ${db[0]}"
  rm -f "$dir/database"
fi
if [ -s "$dir/postgres-started" ]; then
  pg_dir="$(cat "$dir/postgres-started")"
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -m fast stop >/dev/null 2>&1) && log "stopped PostgreSQL"
  else
    "$pg_bin/pg_ctl" -D "$pg_dir" -m fast stop >/dev/null 2>&1 && log "stopped PostgreSQL"
  fi
  rm -f "$dir/postgres-started"
fi
exit 0
