#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The library reads no environment variable (DESIGN.md): the programs read them and pass the
# values down. The programs' edge is lib/hrsi/cli/ (cli::environment_value and the options
# read from the environment) and lib/hrsi/tools/ (each program's options); tools/ holds the
# mains. Anywhere else in lib/, getenv, secure_getenv and environ are refused, except
# util/child_process.cpp, which hands the environment on to child processes without reading it.
source "$(dirname "$0")/../e2e/lib.sh"
source_dir=${HRSI_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}

# The lines of lib/ under $1 that touch the environment outside the edge, "path:line: text".
environment_readers() {
  (cd "$1" && grep -rnwE 'getenv|secure_getenv|environ|getenv_s' lib --include='*.cpp' --include='*.hpp' --include='*.in' |
    grep -vE '^lib/hrsi/(cli|tools)/' |
    grep -vE '^lib/hrsi/util/child_process\.cpp:[0-9]+:(extern char\*\* environ;|    for \(char\*\* entry = environ; )')
}

TEST "lib/ outside lib/hrsi/cli and lib/hrsi/tools reads no environment variable"
found=$(environment_readers "$source_dir")
expect_equal "$found" "" "environment reads in the library"

TEST "the check finds a getenv, a secure_getenv and an environ planted in a copy of lib/"
copy=$_tmp/copy
mkdir -p "$copy" && cp -r "$source_dir/lib" "$copy/"
echo 'char const* home() { return std::getenv("HOME"); }' >>"$copy/lib/hrsi/storage/storage.cpp"
echo 'char const* shell() { return secure_getenv("SHELL"); }' >>"$copy/lib/hrsi/amqp/url.cpp"
echo 'char** all() { return environ; }' >>"$copy/lib/hrsi/util/child_process.cpp"
echo 'char const* ok() { return std::getenv("OK"); }' >>"$copy/lib/hrsi/cli/common.cpp"
found=$(environment_readers "$copy" | cut -d: -f1 | sort | tr '\n' ' ')
expect_equal "$found" "lib/hrsi/amqp/url.cpp lib/hrsi/storage/storage.cpp lib/hrsi/util/child_process.cpp " "files found"

finish
