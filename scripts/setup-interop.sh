#!/usr/bin/env bash
# Installs the real readers that tests/interop/ runs Caravan's files through:
#
#   libxml2-utils (xmllint)           schema validation of XLIFF 1.2/2.x, TMX and TBX
#   translate-toolkit (python3)       the library behind Pootle, Weblate and Virtaal
#   omegat (with a Java runtime)      a CAT tool, run headless in console mode
#   npm xliff 6.4.0                   the i18next ecosystem's XLIFF reader
#
# Debian packages come from apt (after apt-get update), as root or through sudo. npm xliff is
# installed outside the repository, in $XLIFF_NPM_DIR (default /tmp/clients/npm), where the
# interop scripts look for it. The checker scripts and the reference files are not installed
# here: they come with the reference material (CARAVAN_REFERENCE_DIR; README, "Tests").
# Safe to run again. .ci/run calls it.
set -euo pipefail

XLIFF_VERSION=6.4.0
NPM_DIR=${XLIFF_NPM_DIR:-/tmp/clients/npm}
PACKAGES=(libxml2-utils translate-toolkit python3-translate python3-lxml omegat)

fail() { echo "setup-interop: $*" >&2; exit 1; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else fail "needs root (or sudo) to run: $*"
  fi
}

command -v apt-get >/dev/null || fail "apt-get not found: the interop tools are installed from Debian packages"
command -v npm >/dev/null || fail "npm not found: install Node 20 first"

as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null

mkdir -p "$NPM_DIR"
[ -f "$NPM_DIR/package.json" ] || echo '{ "private": true }' > "$NPM_DIR/package.json"
npm install --prefix "$NPM_DIR" --no-audit --no-fund "xliff@$XLIFF_VERSION" >/dev/null

# What is installed, for the log.
dpkg-query -W -f='${Package} ${Version}\n' "${PACKAGES[@]}"
echo "npm xliff $(node -p "require('$NPM_DIR/node_modules/xliff/package.json').version") in $NPM_DIR"
