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
. .ci/lib/node-suite.sh
stop_server() {
  stop_server_process
  rm -rf "$work"
}
trap stop_server EXIT

origin="https://frontend.example"
# The suite signs up and logs in several accounts from one address within seconds.
start_server / SOCKETIO_CORS="http://localhost:5173,$origin" CHATAPP_RATE_LIMITS=off

(cd clients/js && CHATAPP_URL="$url" CHATAPP_CORS_ORIGIN="$origin" node --test --test-reporter=tap) | tee "$work/tap.txt"
status=${PIPESTATUS[0]}

tap_result "$status"
