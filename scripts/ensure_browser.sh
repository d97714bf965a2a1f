#!/usr/bin/env bash
# Make sure the browser tests have a Chromium: Debian's package where we can install it (as
# root), else Playwright's own build; say clearly what is missing otherwise.
set -euo pipefail
PY=${1:-.venv/bin/python}
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
if "$PY" -m playwright install chromium; then
  exit 0
fi
echo "No Chromium found. Install Debian's 'chromium' package (apt-get install chromium) or run" >&2
echo "'$PY -m playwright install chromium', then run 'make test' again." >&2
exit 1
