#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The periodic creation that deploy/ installs (the Nomad periodic job and the Slurm scrontab)
# creates jobs of every job type the programs know, test_job aside: a type added without its
# creation line would never get a job on a cluster. Catalogue-fed types go through hrsi-search,
# the clock's types through hrsi-create-jobs --scheduled.
source "$(dirname "$0")/../e2e/lib.sh"
source_dir=${HRSI_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
nomad=$source_dir/deploy/nomad/hrsi-create-jobs.nomad.hcl
scrontab=$source_dir/deploy/slurm/hrsi.scrontab

# The types hrsi-create-jobs knows, from its refusal of an unknown one.
known_types() {
  hrsi-create-jobs --type no_such_type 2>&1 >/dev/null | sed -n 's/.*known types: //p' | tr -d ',' | tr ' ' '\n' | grep -v '^test_job$'
}
# Whether a creation text ($1) creates jobs of type $2: a --scheduled run of it, or a
# catalogue loop naming it.
creates() {
  grep -qE -- "--type $2 --scheduled|(for type in|hrsi-create-jobs\.sh)[^#]* $2( |;|$)" <<<"$1"
}

TEST "every known type but test_job has a periodic creation on Nomad and on Slurm"
types=$(known_types)
[[ $(wc -l <<<"$types") -ge 4 ]] || fail "could not read the known types: '$types'"
for type in $types; do
  creates "$(cat "$nomad")" "$type" || fail "$nomad creates no $type job"
  creates "$(grep -v '^#' "$scrontab")" "$type" || fail "$scrontab creates no $type job"
done

TEST "the check finds a type left out"
creates "for type in fsc_rlie_job rlies1_job; do" sws_wds_job && fail "sws_wds_job found in a loop without it"
creates "hrsi-create-jobs.sh fsc_rlie_job" fsc_rlie_job || fail "fsc_rlie_job not found in the Slurm line"
creates "hrsi-create-jobs --type rlies1s2_job --scheduled" rlies1s2_job || fail "the scheduled line not found"

finish
