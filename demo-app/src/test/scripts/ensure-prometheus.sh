#!/usr/bin/env bash
# Makes sure Debian's Prometheus server is installed, for the test that sends every query of
# the Grafana dashboard to a real Prometheus scraping the service
# (PrometheusDashboardQueryTests). Run by the Maven build before the tests (demo-app/pom.xml),
# so `./mvnw verify` alone works on a fresh machine.
#
# Installs with apt-get when it runs as root; otherwise it says what to run and fails, so
# CI never skips the test silently. Opt out with `./mvnw verify -Dpump.prometheus-tests=false`
# (Maven then does not run this script and the test is skipped).
set -euo pipefail

PROMETHEUS="${PUMP_PROMETHEUS:-/usr/bin/prometheus}"

if [ -x "$PROMETHEUS" ]; then
	echo "ensure-prometheus: $("$PROMETHEUS" --version 2>&1 | head -n 1)"
	exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "ensure-prometheus: $PROMETHEUS is missing and cannot be installed here." >&2
	echo "ensure-prometheus: run 'apt-get install prometheus' as root," >&2
	echo "ensure-prometheus: or skip the test with -Dpump.prometheus-tests=false." >&2
	exit 1
fi

echo "ensure-prometheus: installing prometheus with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# The test starts its own server on a free port: no service is wanted (and none starts in a
# container without an init system).
apt-get install -y -q --no-install-recommends prometheus

if [ ! -x "$PROMETHEUS" ]; then
	echo "ensure-prometheus: apt-get finished but $PROMETHEUS is still missing" >&2
	exit 1
fi
echo "ensure-prometheus: installed $("$PROMETHEUS" --version 2>&1 | head -n 1)"
