#!/usr/bin/env bash
# End to end with the real JavaScript client: builds and starts the real server on a free 127.0.0.1
# port with a temp database, runs clients/js's node:test suite against it (@microsoft/signalr over
# WebSockets, exactly as a frontend uses it; test/reconnect.test.js runs the README example through a
# proxy on 127.0.0.1 that cuts its connections mid-stream), always stops the server, and ends with
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "js-client: $*"; echo "0 passed, 1 failed"; exit 1; }

command -v node >/dev/null || fail "node is not installed"
(cd clients/js && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed in clients/js"
dotnet build ChatApp.csproj -nologo -clp:ErrorsOnly >/dev/null || fail "the server does not build"

work=$(mktemp -d)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap stop_server EXIT

port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
url="http://127.0.0.1:$port"
origin="https://frontend.example"
# The suite signs up and logs in several accounts from one address within seconds.
SOCKETIO_CORS="http://localhost:5173,$origin" CHATAPP_RATE_LIMITS=off \
  dotnet bin/Debug/net10.0/ChatApp.dll --urls "$url" --db "$work/chat.db" >"$work/server.log" 2>&1 &
server_pid=$!

answers() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url/"; }
for _ in $(seq 120); do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; fail "the server exited at start-up"; }
  answers && break
  sleep 0.5
done
answers || { cat "$work/server.log"; fail "the server did not answer GET / within 60 s"; }

(cd clients/js && CHATAPP_URL="$url" CHATAPP_CORS_ORIGIN="$origin" node --test --test-reporter=tap) | tee "$work/tap.txt"
status=${PIPESTATUS[0]}

pass=$(grep -E '^# pass [0-9]+' "$work/tap.txt" | tail -n 1 | grep -oE '[0-9]+')
failed=$(grep -E '^# fail [0-9]+' "$work/tap.txt" | tail -n 1 | grep -oE '[0-9]+')
if [ -z "$pass" ] || [ -z "$failed" ]; then
  fail "node --test printed no '# pass N' / '# fail N' summary"
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$pass passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
