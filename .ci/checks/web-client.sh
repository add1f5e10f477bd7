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
. .ci/lib/node-suite.sh
stop_server() {
  stop_server_process
  [ -z "${CHATAPP_SHOTS:-}" ] && [ -z "${KEEP_SHOTS:-}" ] && rm -rf "$work"
}
trap stop_server EXIT

# Rate limits stay on: the suite signs up about 25 people from one address, under the 30 an hour allowed.
start_server /app

(cd web/test && CHATAPP_URL="$url" CHATAPP_SHOTS="$shots" timeout 240 node --test --test-concurrency=1 --test-reporter=tap webclient.test.js) | tee "$work/tap.txt"
status=${PIPESTATUS[0]}

[ -f "$shots/first-load.txt" ] && { echo "web-client: first load (bytes, encoding, cache, path):"; sed 's/^/  /' "$shots/first-load.txt"; }
echo "web-client: screenshots in $shots: $(cd "$shots" && ls *.png 2>/dev/null | tr '\n' ' ')"
echo "web-client: took $(( $(date +%s) - started )) s"
grep -E '^[0-9]{2}:[0-9]{2}:[0-9]{2}.*(fail|crit|error)' -i "$work/server.log" | head -n 5

tap_result "$status"
