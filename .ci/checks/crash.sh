#!/usr/bin/env bash
# Crash safety: the real server killed with kill -9 mid-write (6 rounds) and stopped with SIGTERM
# (1 round); every acknowledged message must survive, once in history and once in the sender's and the
# recipient's feed (GET /sync, every feed 1..N without a hole), and sending it again with its client_id
# must replay it (200, Idempotent-Replayed: true); a send in flight at the stop, sent again, is replayed
# or created, never stored twice. Ends with "N passed, N failed" (one per round).
set -uo pipefail
cd "$(dirname "$0")/../.."
dotnet build ChatApp.csproj -nologo -clp:ErrorsOnly -warnaserror >/dev/null || { echo "crash: the app does not build"; echo "0 passed, 1 failed"; exit 1; }
dotnet build tools/CrashTest -nologo -clp:ErrorsOnly -warnaserror >/dev/null || { echo "crash: the crash tool does not build"; echo "0 passed, 1 failed"; exit 1; }
timeout 170 dotnet tools/CrashTest/bin/Debug/net10.0/CrashTest.dll bin/Debug/net10.0/ChatApp.dll 6
status=$?
if [ "$status" -eq 124 ]; then echo "crash: timed out after 170 s"; echo "0 passed, 1 failed"; fi
exit "$status"
