#!/usr/bin/env bash
# Starts CitizenHelper as N instances (default 2) on one PostgreSQL, behind nginx, all on loopback, and prints the
# base URL (the only line on stdout). deploy/local/down.sh stops what this started.
#
#   bash deploy/local/up.sh 3
#
# PostgreSQL is the project's own test server (.ci/postgres, installed with apt when missing); nginx is installed with
# apt when missing. Every CitizenHelper setting in the environment reaches the instances as is (DirectLine__Secret,
# Staff__Admin__Email, Staff__Admin__Password, Answering__PublicBaseUrl...). Without DirectLine__Secret one is
# generated and kept in the state folder, the same for all instances. Other knobs:
#   CITIZENHELPER_LOCAL_DIR   state folder (logs, pids, nginx.conf, secret); default /tmp/citizenhelper-local
#   CITIZENHELPER_LOCAL_DB    database name; default citizenhelper_local (created when missing)
#   CITIZENHELPER_LOCAL_PORT  nginx's port; default the first free one from 8480
#   CITIZENHELPER_NO_BUILD=1  use the existing Release build instead of building it
# down.sh with CITIZENHELPER_LOCAL_DROP_DB=1 also drops the database (the tests do).
set -euo pipefail
count="${1:-2}"
case "$count" in '' | *[!0-9]* | 0) echo "usage: $0 N (instances, at least 1)" >&2; exit 2 ;; esac
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${CITIZENHELPER_LOCAL_DIR:-${TMPDIR:-/tmp}/citizenhelper-local}"
database="${CITIZENHELPER_LOCAL_DB:-citizenhelper_local}"
log() { echo "up: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p="$1"; while in_use "$p"; do p=$((p + 1)); done; echo "$p"; }
mkdir -p "$dir"
if [ -s "$dir/instances" ]; then
  echo "up: already running (see $dir); run deploy/local/down.sh first" >&2
  exit 1
fi

# Whatever fails from here on stops what was started so far.
trap 'echo "up: failed; stopping what was started" >&2; bash "$root/deploy/local/down.sh" >&2' ERR

# PostgreSQL: remember whether it was already running, so down.sh stops it only if this started it.
pg_dir="${CITIZENHELPER_PG_DIR:-${TMPDIR:-/tmp}/citizenhelper-postgres}"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -n "$pg_bin" ] && [ -s "$pg_dir/postmaster.pid" ] && kill -0 "$(head -n 1 "$pg_dir/postmaster.pid")" 2>/dev/null; then
  rm -f "$dir/postgres-started"
else
  echo "$pg_dir" > "$dir/postgres-started"
fi
base_connection="$(bash "$root/.ci/postgres")"
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
connection="$(echo "$base_connection" | sed "s/Database=[^;]*/Database=$database/")"
# Every instance's pools together within the server's 200 connections: the service's pool per instance, plus the
# relay's 16 (PostgresRelay), plus room for psql and backups.
connection="$connection;Maximum Pool Size=$(( (180 / count - 16) > 10 ? (180 / count - 16) : 10 ))"
field() { echo "$base_connection" | tr ';' '\n' | sed -n "s/^$1=//p"; }
export PGPASSWORD
PGPASSWORD="$(field Password)"
psql=("$pg_bin/psql" -h "$(field Host)" -p "$(field Port)" -U "$(field Username)" -d "$(field Database)" -qAt -v ON_ERROR_STOP=1)
# For down.sh (CITIZENHELPER_LOCAL_DROP_DB=1 drops the database): how to reach the server, without the password.
printf '%s\n' "$database" "$pg_bin/psql" "$(field Host)" "$(field Port)" "$(field Username)" "$(field Database)" > "$dir/database"
if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
  "${psql[@]}" -c "CREATE DATABASE \"$database\"" >/dev/null
  log "created database $database"
fi

if ! command -v nginx >/dev/null; then
  log "installing nginx with apt"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi

if [ "${CITIZENHELPER_NO_BUILD:-}" != 1 ]; then
  log "building (Release)"
  dotnet build "$root/src/CitizenHelper.Web" -c Release -nologo -v quiet >&2
fi
dll="$(ls "$root"/src/CitizenHelper.Web/bin/Release/net*/CitizenHelper.Web.dll | head -n 1)"

if [ -z "${DirectLine__Secret:-}" ]; then
  [ -s "$dir/secret" ] || (LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom 2>/dev/null | head -c 48 || true) > "$dir/secret"
  DirectLine__Secret="$(cat "$dir/secret")"
  export DirectLine__Secret
fi

# The instances: the same database and secret, a port each, logs and pids in the state folder.
: > "$dir/instances"
servers=""
port=5180
start_instance() {
  local i="$1"
  port="$(free_port "$port")"
  (
    cd "$root"
    export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}" \
      Storage__Provider=PostgreSql ConnectionStrings__CitizenHelper="$connection" Instances__Shared=true \
      ForwardedHeaders__KnownProxies__0=127.0.0.1 Knowledge__CacheFolder="${Knowledge__CacheFolder:-$dir/cache}"
    exec setsid dotnet "$dll" --urls "http://127.0.0.1:$port" >"$dir/instance-$i.log" 2>&1
  ) &
  echo "$i $! $port" >> "$dir/instances"
  servers="$servers    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
  port=$((port + 1))
}

wait_healthy() {
  local port="$1" pid="$2" i="$3"
  for _ in $(seq 1 600); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "instance $i stopped; its log:"; tail -n 30 "$dir/instance-$i.log" >&2; return 1
    fi
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  log "instance $i did not become healthy in 5 minutes"; return 1
}
wait_all() {
  local i pid p
  while read -r i pid p; do
    wait_healthy "$p" "$pid" "$i" || { bash "$root/deploy/local/down.sh" >&2; exit 1; }
    log "instance $i (pid $pid) ready on 127.0.0.1:$p"
  done < "$dir/instances"
}
# The first alone (it migrates, and trains the classifier when the cache has none), then the others together (they
# wait on the start-up lock, find the schema done, and read the classifier from the cache): on a small machine that
# is quicker than N trainings at once.
start_instance 1
wait_all
for i in $(seq 2 "$count"); do start_instance "$i"; done
wait_all

# nginx in front: round robin, WebSockets passed through (Upgrade), long-lived streams not cut, the client's
# address and scheme forwarded (the instances trust 127.0.0.1 as their proxy). A request that cannot reach an
# instance (connection refused after a crash) goes to the next; a POST already sent is never sent twice.
proxy_port="${CITIZENHELPER_LOCAL_PORT:-$(free_port 8480)}"
mkdir -p "$dir/nginx"
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"
cat > "$dir/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/nginx/body;
  proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/fastcgi;
  uwsgi_temp_path $dir/nginx/uwsgi;
  scgi_temp_path $dir/nginx/scgi;
  client_max_body_size 20m;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  upstream citizenhelper {
$servers    keepalive 32;
  }
  server {
    listen 127.0.0.1:$proxy_port;
    location / {
      proxy_pass http://citizenhelper;
      proxy_http_version 1.1;
      proxy_set_header Host \$http_host;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_buffering off;
    }
  }
}
CONF
nginx -c "$dir/nginx.conf" -p "$dir" -e "$dir/nginx-error.log"
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$proxy_port/healthz" 2>/dev/null && break
  sleep 0.1
done
log "nginx on 127.0.0.1:$proxy_port in front of $count instance(s); state in $dir"
echo "http://127.0.0.1:$proxy_port"
