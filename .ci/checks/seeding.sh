#!/usr/bin/env bash
# Seeding end to end, as the README's worked example does it: seed users and messages into a fresh file
# through CHATAPP_DB, serve it, log in as a fake user with the documented password, list their chats
# and history; then seed against the running server's file (must refuse with one line, exit 1). Before
# that, seeding messages into a file without users must print one line only and exit 1.
# Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
pass=0 fail=0
ok() { echo "seeding: ok   $*"; pass=$((pass + 1)); }
ko() { echo "seeding: FAIL $*"; fail=$((fail + 1)); }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }

dotnet build ChatApp.csproj -nologo -clp:ErrorsOnly -warnaserror >/dev/null || { ko "the app does not build"; finish; }
app=(dotnet bin/Debug/net10.0/ChatApp.dll)
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export CHATAPP_DB="$work/demo.db"

all=$(CHATAPP_DB="$work/empty.db" "${app[@]}" seed messages --count 10 2>&1); code=$?
[ "$code" = 1 ] && [ "$all" = "chatapp seed: need at least 2 users: run 'seed users' first" ] \
  && ok "seed messages without users exits 1 and prints one line" || ko "seed messages without users: exit $code: $all"
out=$("${app[@]}" seed users --count 50 --seed 42 2>&1) && grep -q "^created 50 users in " <<<"$out" \
  && grep -q "^every seeded user's password: seeded-password$" <<<"$out" \
  && grep -q "^usernames: Brooks.Cassin, Modesta76, Desmond38, " <<<"$out" \
  && [ "$(sed -n 's/^usernames: //p' <<<"$out" | tr ',' '\n' | wc -l)" = 50 ] \
  && ok "seed users prints all 50 names (the README's first)" || ko "seed users: $out"
out=$("${app[@]}" seed messages --count 20000 --seed 42 2>&1) && grep -qE "^created 20,000 messages in [0-9.]+ s \([0-9,]+/s\)$" <<<"$out" \
  && ok "seed messages: $(tail -n 1 <<<"$out")" || ko "seed messages: $out"

"${app[@]}" --urls http://127.0.0.1:0 >"$work/server.log" 2>&1 &
server=$!
url=
for _ in $(seq 1 120); do
  url=$(grep -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' "$work/server.log" | head -n 1 | sed 's/Now listening on: //')
  [ -n "$url" ] && break
  sleep 0.5
done
[ -n "$url" ] || { ko "the server did not start: $(tail -n 5 "$work/server.log")"; finish; }

token=$(curl -s -X POST "$url/login" -H 'Content-Type: application/json' \
  -d '{"username":"Brooks.Cassin","password":"seeded-password"}' | jq -r '.access_token // empty')
[ -n "$token" ] && ok "a fake user logs in with the documented password" || ko "login as Brooks.Cassin failed"
chats=$(curl -s "$url/chats" -H "Authorization: Bearer $token")
other=$(jq -r '.[0].id // empty' <<<"$chats")
[ -n "$other" ] && ok "GET /chats lists $(jq length <<<"$chats") conversations" || ko "GET /chats: $chats"
history=$(curl -s "$url/message/$other?limit=3" -H "Authorization: Bearer $token")
[ "$(jq length <<<"$history")" = 3 ] && [ "$(jq -c '.[0]' <<<"$history")" = "$(jq -c '.[0].last_message' <<<"$chats")" ] \
  && ok "the newest message of the history is the chat's last_message" || ko "history: $history"

err=$("${app[@]}" seed messages --count 10 2>&1 >/dev/null); code=$?
[ "$code" = 1 ] && [ "$(wc -l <<<"$err")" = 1 ] && grep -q "is in use by another ChatApp process" <<<"$err" \
  && ok "seeding a served database exits 1 with one line" || ko "seeding a served database: exit $code: $err"
finish
