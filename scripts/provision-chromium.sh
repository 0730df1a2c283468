#!/usr/bin/env bash
# Chromium for the browser tests (test/e2e/): Debian's `chromium` package, driven by playwright-core (which never
# downloads a browser). Prints the browser's path. Installs it with apt-get when running as root on a machine
# with apt; otherwise says what to do and exits 3 (the browser tests then skip, saying so).
set -euo pipefail
for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests (apt-get install chromium)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends chromium >&2 || { apt-get update >&2 && apt-get install -y --no-install-recommends chromium >&2; }
  if [ -x /usr/bin/chromium ]; then echo /usr/bin/chromium; exit 0; fi
fi
echo "no Chromium: install Debian's package (sudo apt-get install chromium) or set CHROMIUM_PATH; the browser tests will be skipped" >&2
exit 3
