#!/usr/bin/env bash
# Makes sure Debian's headless Chromium and its driver are installed, for the browser test
# of the dashboard page (DashboardBrowserTests). Run by the Maven build before the tests
# (demo-app/pom.xml), so `./mvnw verify` alone works on a fresh machine.
#
# Installs with apt-get when it runs as root; otherwise it says what to run and fails,
# so CI never skips the browser test silently. Developers without a browser can opt out
# with `./mvnw verify -Dpump.browser-tests=false` (Maven then does not run this script).
set -euo pipefail

CHROMIUM="${PUMP_CHROMIUM:-/usr/bin/chromium}"
CHROMEDRIVER="${PUMP_CHROMEDRIVER:-/usr/bin/chromedriver}"

installed() {
	[ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ]
}

if installed; then
	echo "ensure-chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM") and $CHROMEDRIVER are installed"
	exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "ensure-chromium: $CHROMIUM or $CHROMEDRIVER is missing and cannot be installed here." >&2
	echo "ensure-chromium: run 'apt-get install chromium chromium-driver' as root," >&2
	echo "ensure-chromium: or skip the browser test with -Dpump.browser-tests=false." >&2
	exit 1
fi

echo "ensure-chromium: installing chromium and chromium-driver with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core

if ! installed; then
	echo "ensure-chromium: apt-get finished but $CHROMIUM or $CHROMEDRIVER is still missing" >&2
	exit 1
fi
echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
