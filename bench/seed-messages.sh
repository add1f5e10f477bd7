#!/usr/bin/env bash
# Seeding throughput: a Release build seeds USERS users, then COUNT messages, into a temp database and
# prints the seed command's summary with wall time and peak memory. Not part of CI (the figure depends
# on the machine and its load). Usage: bash bench/seed-messages.sh [COUNT] [USERS]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
users=${2:-50}
dotnet build ChatApp.csproj -c Release -nologo -clp:ErrorsOnly >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
app=(dotnet bin/Release/net10.0/ChatApp.dll)
"${app[@]}" seed users --count "$users" --seed 1 --db "$work/chat.db" | grep '^created'
/usr/bin/time -f 'wall %e s, peak RSS %M KB' "${app[@]}" seed messages --count "$count" --seed 2 --db "$work/chat.db" | grep '^created'
echo "database: $(du -h "$work/chat.db" | cut -f1)"
