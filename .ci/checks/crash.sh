#!/usr/bin/env bash
# Crash safety: the real server killed with kill -9 mid-write (6 rounds) and stopped with SIGTERM
# (1 round); every acknowledged message must survive. Ends with "N passed, N failed" (one per round).
set -uo pipefail
cd "$(dirname "$0")/../.."
dotnet build ChatApp.csproj -nologo -clp:ErrorsOnly -warnaserror >/dev/null || { echo "crash: the app does not build"; echo "0 passed, 1 failed"; exit 1; }
dotnet build tools/CrashTest -nologo -clp:ErrorsOnly -warnaserror >/dev/null || { echo "crash: the crash tool does not build"; echo "0 passed, 1 failed"; exit 1; }
timeout 170 dotnet tools/CrashTest/bin/Debug/net10.0/CrashTest.dll bin/Debug/net10.0/ChatApp.dll 6
status=$?
if [ "$status" -eq 124 ]; then echo "crash: timed out after 170 s"; echo "0 passed, 1 failed"; fi
exit "$status"
