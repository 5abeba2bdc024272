#!/usr/bin/env bash
# Install Debian's Chromium for the dashboard's browser test (tests/test_dashboard_browser.py).
# Playwright drives it through executable_path=/usr/bin/chromium; `playwright install`
# (which downloads its own browser build) is not used. Needs root (CI runs as root).
# Safe to run again: does nothing when Chromium is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "install_browser: $("$CHROMIUM" --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install_browser: $CHROMIUM is missing; run as root: apt-get update && apt-get install -y chromium" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null  # as on the developers' machines (with recommended fonts)
echo "install_browser: installed $("$CHROMIUM" --version)"
