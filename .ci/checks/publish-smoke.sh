#!/usr/bin/env bash
# Publishes the single-file linux-x64 executable with the README's command and drives it like a user:
# start on a free 127.0.0.1 port with a temp database, use the API, stop it with SIGTERM, restart it.
# One count per step; the last line is "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."

work=$(mktemp -d)
pid=""
passed=0 failed=0
cleanup() { [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

step() { # step NAME COMMAND...: runs the command, counts it
  local name=$1; shift
  if "$@"; then echo "smoke: ok   $name"; passed=$((passed + 1))
  else echo "smoke: FAIL $name"; failed=$((failed + 1)); fi
}
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

publish() {
  dotnet publish ChatApp.csproj -p:PublishProfile=linux-x64 -o "$work/publish" -nologo -v quiet >"$work/publish.log" 2>&1 \
    || { tail -n 30 "$work/publish.log"; return 1; }
}
one_executable() { # the runtime and every assembly are inside the one file
  [ -x "$work/publish/ChatApp" ] && ! ls "$work/publish"/*.dll >/dev/null 2>&1 \
    && [ "$(head -c 4 "$work/publish/ChatApp" | tail -c 3)" = "ELF" ]
}

start() { # [ARG...]: port 0: the OS picks a free port, which the server's start-up line reports
  : >"$work/server.log"
  "$work/publish/ChatApp" --urls http://127.0.0.1:0 --db "$work/data/chat.db" "$@" >>"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 150); do
    base=$(grep -oE 'Listening on http://127\.0\.0\.1:[0-9]+' "$work/server.log" | head -n 1 | sed 's/Listening on //')
    [ -n "$base" ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; return 1; }
    sleep 0.2
  done
  cat "$work/server.log"; return 1
}
stop() { # SIGTERM, then the exit code must be 0
  kill -TERM "$pid" && wait "$pid"; local rc=$?; pid=""
  [ "$rc" -eq 0 ] || { echo "exit code $rc"; tail -n 20 "$work/server.log"; return 1; }
}

# expect STATUS METHOD PATH [BODY]: the response body lands in $work/body
expect() {
  local status=$1 method=$2 path=$3 body=${4:-} got
  local args=(-s -o "$work/body" -w '%{http_code}' -X "$method" "$base$path")
  [ -n "${token:-}" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
  got=$(curl "${args[@]}")
  [ "$got" = "$status" ] || { echo "$method $path: $got, expected $status: $(head -c 300 "$work/body")"; return 1; }
}
body_has() { grep -qF -- "$1" "$work/body" || { echo "missing '$1' in: $(head -c 300 "$work/body")"; return 1; }; }

log_in() {
  expect 200 POST /login '{"username":"ada","password":"lovelace1815"}' || return 1
  token=$(sed -E 's/.*"access_token":"([^"]+)".*/\1/' "$work/body")
  [ -n "$token" ]
}
every_route_is_served() { # Carter found every module inside the single file
  expect 200 GET /openapi/v1.json || return 1
  local p
  for p in '"/"' '"/user"' '"/login"' '"/logout"' '"/message/{id}"' '"/chats"' '"/add_message/{username}"'; do
    body_has "$p" || return 1
  done
  expect 200 GET /chats && body_has '"last_message"'
}
log_is_clean() { # one line per request, path without query, never the token or the password
  grep -qE 'ChatApp.Requests.*GET /message/2 200 [0-9.]+ ms' "$work/server.log" \
    && grep -qE "Database: $work/data/chat.db" "$work/server.log" \
    && grep -q 'Signing key: generated' "$work/server.log" \
    && ! grep -qF -- "$token" "$work/server.log" \
    && ! grep -qF 'lovelace1815' "$work/server.log" \
    && ! grep -qF 'limit=1' "$work/server.log"
}
in_flight_request_finishes() { # SIGTERM arrives while a sign-up is still sending its body
  mkfifo "$work/body.fifo"
  curl -s -o "$work/inflight.body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -T "$work/body.fifo" "$base/user" >"$work/inflight.status" &
  local client=$!
  exec 7>"$work/body.fifo"
  printf '{"username":"carol",' >&7
  # Routing's debug line says the request reached its endpoint, which now waits for the rest of the body.
  local reached=""
  for _ in $(seq 1 150); do
    grep -q "Request matched endpoint 'HTTP: POST /user" "$work/server.log" && { reached=1; break; }
    sleep 0.2
  done
  kill -TERM "$pid"
  [ -n "$reached" ] || { echo "the sign-up never reached its endpoint"; exec 7>&-; kill "$client"; return 1; }
  sleep 0.5
  printf '"password":"carol-in-flight"}' >&7
  exec 7>&-
  wait "$client"
  [ "$(cat "$work/inflight.status")" = 201 ] || { echo "in-flight sign-up: $(cat "$work/inflight.status") $(cat "$work/inflight.body")"; return 1; }
}
exits_zero() { wait "$pid"; local rc=$?; pid=""; [ "$rc" -eq 0 ] || { echo "exit code $rc"; tail -n 20 "$work/server.log"; return 1; }; }

closed_cleanly() { # LiteDB removes its -log file only when the database is closed properly
  [ -f "$work/data/chat.db" ] && [ ! -e "$work/data/chat-log.db" ] || { ls -la "$work/data"; return 1; }
}

step "publish the single-file executable" publish || finish
step "the output is one executable" one_executable
step "the executable starts on a free port" start || finish
step "GET / answers 200" expect 200 GET /
step "sign up ada" expect 201 POST /user '{"username":"ada","password":"lovelace1815"}'
step "sign up bob" expect 201 POST /user '{"username":"bob","password":"builder1999"}'
step "log in" log_in
step "send a message" expect 201 POST /message/2 '{"body":"hello from the binary"}'
step "read it back" eval 'expect 200 GET "/message/2?limit=1" && body_has "hello from the binary"'
step "GET /health is Healthy" eval 'expect 200 GET /health && body_has "\"status\":\"Healthy\""'
step "every module's routes are served" every_route_is_served
step "GET /docs serves the API reference" eval 'expect 200 GET /docs/ && body_has "scalar"'
step "GET /app serves the web client from inside the binary" eval 'expect 200 GET /app && body_has "/app/app.js?v=" && expect 200 GET /app/vendor/signalr.min.js'
step "the log has request lines and no secrets" log_is_clean
step "SIGTERM stops it with exit code 0" stop
step "the database was closed cleanly" closed_cleanly
step "a restart opens the same database" start --Logging:LogLevel:Microsoft.AspNetCore.Routing=Debug || finish
step "the token and the message survived the restart" eval 'expect 200 GET /message/2 && body_has "hello from the binary"'
step "a request in flight at SIGTERM still gets its answer" in_flight_request_finishes
step "then it exits with code 0" exits_zero
step "the database was closed cleanly again" closed_cleanly
finish
