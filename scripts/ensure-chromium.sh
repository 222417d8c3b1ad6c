#!/usr/bin/env bash
# The console's browser tests drive Debian's Chromium (playwright-core downloads no browser):
# install it when /usr/bin/chromium is missing and we are root; otherwise say what to install.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "the browser tests need Debian's Chromium at /usr/bin/chromium: apt-get install -y chromium" >&2
  exit 1
fi

echo "installing Debian's chromium package for the console's browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends chromium; then
  # The package lists may be missing or stale on a fresh machine: refresh them once.
  apt-get update
  apt-get install -y --no-install-recommends chromium
fi

[ -x /usr/bin/chromium ] || {
  echo "the Debian package 'chromium' was installed but /usr/bin/chromium is still missing" >&2
  exit 1
}
