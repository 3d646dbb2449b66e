#!/usr/bin/env bash
# Makes sure tus-js-client 4.x is installed under target/tus-js, for the interop test of
# the tus endpoint with the official JavaScript client under Node (TusJsClientTests). Run
# by the Maven build before the tests (demo-app/pom.xml), so `./mvnw verify` alone works.
#
# Installs from the npm registry with npm; fails loudly when Node or npm is missing, so CI
# never skips the test silently. Opt out with `./mvnw verify -Dpump.tus-js-tests=false`.
set -euo pipefail

PREFIX="${1:?usage: ensure-tus-js.sh <prefix>}"
MODULE="$PREFIX/node_modules/tus-js-client/package.json"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "ensure-tus-js: node and npm are needed (Node 20 or later);" >&2
	echo "ensure-tus-js: install them, or skip the test with -Dpump.tus-js-tests=false." >&2
	exit 1
fi

if [ -f "$MODULE" ]; then
	echo "ensure-tus-js: tus-js-client $(node -p "require(require('path').resolve('$MODULE')).version") is installed under $PREFIX"
	exit 0
fi

echo "ensure-tus-js: installing tus-js-client@4 under $PREFIX with npm (node $(node --version))"
npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error tus-js-client@4
echo "ensure-tus-js: installed tus-js-client $(node -p "require(require('path').resolve('$MODULE')).version")"
