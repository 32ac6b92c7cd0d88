#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Debian package: built by CPack from the build folder, installed with dpkg -i, its programs
# run from /usr/bin (--help, the manual pages, the completion), then removed again.
# Usage: deb_install.sh BUILD_DIR   (as root: dpkg installs system-wide)
set -u
build=${1:?usage: deb_install.sh BUILD_DIR}
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

if [[ $(id -u) != 0 ]]; then echo "deb_install: must run as root (dpkg -i)" >&2; exit 1; fi
if dpkg-query -W -f='${Status}' hrsi 2>/dev/null | grep -q 'install ok installed'; then
  echo "deb_install: a package hrsi is installed already; not touching it" >&2; exit 1
fi
work=$(mktemp -d)
trap 'dpkg -r hrsi >/dev/null 2>&1; rm -rf "$work"' EXIT

(cd "$build" && cpack -G DEB -B "$work" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; exit 1; }
deb=$(ls "$work"/hrsi_*.deb 2>/dev/null | head -1)
[[ -n $deb ]] || { cat "$work/cpack.log" >&2; echo "FAIL: no .deb built" >&2; exit 1; }
echo "built $(basename "$deb") ($(( $(stat -c %s "$deb") / 1024 )) KiB)"
dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -i failed"; }

for program in hrsi-db hrsi-status hrsi-create-jobs hrsi-run-worker hrsi-dispatch hrsi-monitor hrsi-publish hrsi-tiles; do
  [[ -x /usr/bin/$program ]] || fail "/usr/bin/$program missing"
  /usr/bin/$program --help >"$work/help" 2>&1 || fail "$program --help exit $?"
  grep -q "Usage" "$work/help" || fail "$program --help printed no usage"
  [[ -f /usr/share/man/man1/$program.1 ]] || fail "manual page of $program missing"
  [[ -f /usr/share/bash-completion/completions/$program ]] || fail "completion of $program missing"
done
[[ -f /usr/share/man/man7/hrsi.7 ]] || fail "hrsi(7) missing"
ls /usr/share/hrsi/sql/001_foundation.sql >/dev/null 2>&1 || fail "SQL migrations missing"
# The tile data, with the reference's licence beside it, found by the installed program.
[[ -f /usr/share/hrsi/eea39/tiles_utm.yml && -f /usr/share/hrsi/eea39/LICENSE ]] || fail "tile data missing"
/usr/bin/hrsi-tiles show 32TLR | grep -q "epsg       32632" || fail "hrsi-tiles show 32TLR failed"
# The installed programs carry the schema: no source tree needed.
/usr/bin/hrsi-db --help | grep -q "init" || fail "hrsi-db --help lacks init"
if command -v man >/dev/null; then
  MANPAGER=cat man -P cat hrsi-db 2>/dev/null | grep -q "hrsi-db" || fail "man hrsi-db does not show the page"
fi

dpkg -r hrsi >"$work/dpkg-r.log" 2>&1 || fail "dpkg -r failed"
[[ ! -e /usr/bin/hrsi-db ]] || fail "/usr/bin/hrsi-db left after dpkg -r"
echo "$failures failure(s)"
[[ $failures == 0 ]]
