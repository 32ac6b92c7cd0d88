#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Bash completion (completion/hrsi.bash): options and subcommands from each program's --help,
# and the values it knows.
source "$(dirname "$0")/lib.sh"
# shellcheck source=/dev/null
source "$HRSI_SOURCE_DIR/completion/hrsi.bash"

complete_words() {  # WORDS...: the completions of the last word
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _hrsi_complete
  printf '%s\n' "${COMPREPLY[@]}"
}

TEST "every program is registered"
for program in hrsi-db hrsi-status hrsi-create-jobs hrsi-run-worker hrsi-dispatch hrsi-monitor hrsi-search hrsi-tiles; do
  complete -p "$program" >/dev/null 2>&1 || fail "$program has no completion"
done

TEST "subcommands and options come from --help"
expect_equal "$(complete_words hrsi-status li)" "list"
expect_equal "$(complete_words hrsi-status list --st)" "--status"
expect_equal "$(complete_words hrsi-run-worker --aux-cache-)" "--aux-cache-size"
got=$(complete_words hrsi-run-worker --ke)
expect_equal "$got" "--keep-work-folder"
got=$(complete_words hrsi-db pa)
expect_equal "$got" "params"

TEST "known values: statuses, types, executors, runtimes, formats"
expect_equal "$(complete_words hrsi-status list --status error_c)" "error_checked"
expect_equal "$(complete_words hrsi-status set 12 canc)" "cancelled"
expect_equal "$(complete_words hrsi-create-jobs --type fsc)" "fsc_rlie_job"
expect_equal "$(complete_words hrsi-dispatch --executor no)" "nomad"
expect_equal "$(complete_words hrsi-dispatch --executor sl)" "slurm"
expect_equal "$(complete_words hrsi-run-worker --runtime po)" "podman"
expect_equal "$(complete_words hrsi-create-jobs --format st)" "stac"
expect_equal "$(complete_words hrsi-search --catalogue re)" "resto"
expect_equal "$(complete_words hrsi-search --max-s)" "--max-skip"
expect_equal "$(complete_words hrsi-tiles in)" "intersect"
expect_equal "$(complete_words hrsi-tiles aoi --area EEA39_)" "EEA39_RLIE"

finish
