# Sourced by the checks that run a node:test suite against the real server (js-client, web-client).
# Needs `fail MESSAGE` and `work` (a temp folder) from the caller; sets `url` and `server_pid`.

server_pid=""

# start_server PATH [NAME=VALUE ...]: the built server on a free 127.0.0.1 port with a temp database and
# the given environment; returns once GET PATH answers 2xx (fails after 60 s or if the server exits).
start_server() {
  local path=$1; shift
  local port
  port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
  url="http://127.0.0.1:$port"
  env "$@" dotnet bin/Debug/net10.0/ChatApp.dll --urls "$url" --db "$work/chat.db" >"$work/server.log" 2>&1 &
  server_pid=$!
  answers() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url$path"; }
  for _ in $(seq 120); do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; fail "the server exited at start-up"; }
    answers && return 0
    sleep 0.5
  done
  cat "$work/server.log"; fail "the server did not answer GET $path within 60 s"
}

# SIGTERM, up to 5 s to exit, then SIGKILL.
stop_server_process() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null
  fi
}

# tap_result STATUS: prints "N passed, N failed" from $work/tap.txt (a failed run counts at least one
# failure) and returns non-zero unless everything passed.
tap_result() {
  local status=$1 pass failed
  pass=$(grep -E '^# pass [0-9]+' "$work/tap.txt" | tail -n 1 | grep -oE '[0-9]+')
  failed=$(grep -E '^# fail [0-9]+' "$work/tap.txt" | tail -n 1 | grep -oE '[0-9]+')
  if [ -z "$pass" ] || [ -z "$failed" ]; then
    fail "node --test printed no '# pass N' / '# fail N' summary"
  fi
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  echo "$pass passed, $failed failed"
  [ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
}
