#!/usr/bin/env bash
# The built-in web client (/app) in a real browser: builds and starts the real server on a free 127.0.0.1
# port with a temp database (rate limits on, as in production), installs Debian's chromium when it is
# missing, runs web/test's node:test suite (playwright-core driving two browser contexts as two people),
# always stops the server, prints the first-load size and where the screenshots are, and ends with
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
started=$(date +%s)

fail() { echo "web-client: $*"; echo "0 passed, 1 failed"; exit 1; }

command -v node >/dev/null || fail "node is not installed"
if [ ! -x /usr/bin/chromium ]; then
  echo "web-client: installing chromium (Debian package)"
  { apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=120 chromium >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=120 chromium >/dev/null 2>&1; }; } \
    || fail "could not install chromium with apt-get"
fi
[ -x /usr/bin/chromium ] || fail "no /usr/bin/chromium after installing it"
(cd web/test && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed in web/test"
dotnet build ChatApp.csproj -nologo -clp:ErrorsOnly >/dev/null || fail "the server does not build"

work=$(mktemp -d)
shots=${CHATAPP_SHOTS:-$work/shots}
mkdir -p "$shots"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null
  fi
  [ -z "${CHATAPP_SHOTS:-}" ] && [ -z "${KEEP_SHOTS:-}" ] && rm -rf "$work"
}
trap stop_server EXIT

port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
url="http://127.0.0.1:$port"
# Rate limits stay on: the suite signs up about 25 people from one address, under the 30 an hour allowed.
dotnet bin/Debug/net10.0/ChatApp.dll --urls "$url" --db "$work/chat.db" >"$work/server.log" 2>&1 &
server_pid=$!

answers() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url/app"; }
for _ in $(seq 120); do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; fail "the server exited at start-up"; }
  answers && break
  sleep 0.5
done
answers || { cat "$work/server.log"; fail "the server did not answer GET /app within 60 s"; }

(cd web/test && CHATAPP_URL="$url" CHATAPP_SHOTS="$shots" timeout 240 node --test --test-concurrency=1 --test-reporter=tap webclient.test.js) | tee "$work/tap.txt"
status=${PIPESTATUS[0]}

[ -f "$shots/first-load.txt" ] && { echo "web-client: first load (bytes, encoding, cache, path):"; sed 's/^/  /' "$shots/first-load.txt"; }
echo "web-client: screenshots in $shots: $(cd "$shots" && ls *.png 2>/dev/null | tr '\n' ' ')"
echo "web-client: took $(( $(date +%s) - started )) s"
grep -E '^[0-9]{2}:[0-9]{2}:[0-9]{2}.*(fail|crit|error)' -i "$work/server.log" | head -n 5

pass=$(grep -E '^# pass [0-9]+' "$work/tap.txt" | tail -n 1 | grep -oE '[0-9]+')
failed=$(grep -E '^# fail [0-9]+' "$work/tap.txt" | tail -n 1 | grep -oE '[0-9]+')
if [ -z "$pass" ] || [ -z "$failed" ]; then
  fail "node --test printed no '# pass N' / '# fail N' summary"
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$pass passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
