#!/usr/bin/env bash
# Installs the system programs the test suite drives for real, when they are missing and this
# machine can install Debian packages: PostgreSQL and Redis (servers started by the tests on
# loopback) and Chromium (headless, driven by Playwright; Playwright never downloads a browser).
# With --bench also wrk, the load generator of bench/run.py.
set -u
need=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ "${1:-}" = "--bench" ]; then command -v wrk >/dev/null 2>&1 || need+=(wrk); fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} from Debian's packages for the tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "Cannot install ${need[*]} here (needs root and apt-get); the tests (or the benchmark) will say what is missing."
fi
exit 0
