#!/usr/bin/env bash
# Runs every test of CitizenHelper from a fresh clone: .NET unit and integration tests, then the real-browser
# tests (official Web Chat in Debian's Chromium). Installs what is missing, and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
results="$PWD/TestResults"
rm -rf "$results"
mkdir -p "$results"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "Chromium is needed for the browser tests: apt-get install chromium" >&2
  exit 1
fi

status=0
# Idle thread-pool workers of the test runner, its test hosts and the services they start do not spin before they
# sleep: on two cores that spinning took ~10 % of the .NET suite's CPU (measured in issue #19's closing note).
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
dotnet build CitizenHelper.sln -c Release -nologo -v quiet || exit 1
dotnet test CitizenHelper.sln -c Release --no-build -nologo \
  --logger "trx;LogFilePrefix=dotnet" --results-directory "$results" || status=1

# With a PostgreSQL server (CITIZENHELPER_TEST_POSTGRES; `bash .ci/postgres` starts one), the store specs run on it
# too, and the web tests run again with every service on a fresh PostgreSQL database.
if [ -n "${CITIZENHELPER_TEST_POSTGRES:-}" ]; then
  CITIZENHELPER_TEST_PROVIDER=PostgreSql dotnet test tests/CitizenHelper.Web.Tests -c Release --no-build -nologo \
    --filter "FullyQualifiedName!~StoreSpecs" \
    --logger "trx;LogFilePrefix=postgres" --results-directory "$results" || status=1
else
  echo "PostgreSQL tests skipped: CITIZENHELPER_TEST_POSTGRES is not set (export CITIZENHELPER_TEST_POSTGRES=\"\$(bash .ci/postgres)\" runs them)."
fi

(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error && \
  node --test --test-concurrency=1 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=junit --test-reporter-destination="$results/browser.junit.xml" \
    ./*.test.mjs) || status=1

node tests/count-results.mjs "$results" || status=1
exit $status
