#!/usr/bin/env bash
# The alert-rule tests need promtool, and the Prometheus integration test a prometheus binary.
# Both come with Debian's `prometheus` package: install it when missing and we are root;
# otherwise fail with what to install. (Debian's package starts no service without systemd.)
set -euo pipefail

if command -v promtool >/dev/null && command -v prometheus >/dev/null; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "promtool and prometheus are needed by the tests: install the Debian package 'prometheus'" \
    "(apt-get install --no-install-recommends prometheus) or put both binaries on PATH." >&2
  exit 1
fi

echo "installing Debian's prometheus package (promtool, prometheus) for the tests" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends prometheus; then
  # The package lists may be missing or stale on a fresh machine: refresh them once.
  apt-get update
  apt-get install -y --no-install-recommends prometheus
fi

command -v promtool >/dev/null && command -v prometheus >/dev/null || {
  echo "the Debian package 'prometheus' was installed but promtool or prometheus is still not on PATH" >&2
  exit 1
}
