#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The security suite (issue 16): what a hostile program or a hostile catalogue answer tries,
# through the real programs, PostgreSQL and a real podman container (busybox image built here):
# links left in the outputs, paths leading out of the storage root, options injected into the
# container runtime, the container's limits, edge inputs, and secrets that must never show in
# argv, the program's environment, logs or --json.
source "$(dirname "$0")/../e2e/lib.sh"

unset NOMAD_META_job_id NOMAD_META_JOB_ID NOMAD_META_attempt NOMAD_META_ATTEMPT \
  HRSI_WORK_ROOT HRSI_RUNTIME HRSI_RUNTIME_PROGRAM
root=$(mktemp -d)
at_exit "rm -rf '$root'"
work=$root/work
results=$root/results
# A host file no program may publish or read through a link; its marker must appear nowhere.
marker="host-only-$$-5be2"
echo "{\"secret\":\"$marker\"}" >"$root/host-secret.json"
chmod 600 "$root/host-secret.json"

podman_ok=0
if command -v podman >/dev/null && [[ -x /bin/busybox ]]; then
  # Podman on these machines needs runc and low ulimits (SERVICES.md).
  printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n' >"$root/containers.conf"
  export CONTAINERS_CONF=$root/containers.conf
  image=localhost/hrsi-security:$$
  mkdir -p "$root/rootfs/bin" "$root/rootfs/work" "$root/rootfs/tmp" "$root/rootfs/etc"
  chmod 1777 "$root/rootfs/tmp"
  cp /bin/busybox "$root/rootfs/bin/"
  for tool in sh id ln cat touch echo env rm; do ln -s busybox "$root/rootfs/bin/$tool"; done
  if tar -C "$root/rootfs" -c . | podman import - "$image" >/dev/null 2>&1; then
    podman_ok=1
    at_exit "podman rmi -f '$image' >/dev/null 2>&1"
  fi
fi
[[ $podman_ok == 1 ]] || { echo "security: podman or busybox is missing (scripts/setup installs them)" >&2; exit 1; }

use_temp_database
# Container names come from job ids and attempts: ids of their own keep this suite's containers
# apart from those of other suites running at the same time on other databases.
sql "select setval(pg_get_serial_sequence('hrsi.jobs', 'id'), $((1000000 + $$ * 100)))" >/dev/null
hrsi-db -q params set results_storage_url "$results" || exit 1
hrsi-db -q params set docker_image_for_test_job_processing "$image" || exit 1
program() { hrsi-db -q params set command_for_test_job_processing "$1" || fail "cannot set the program to $1"; }
new_job() {
  local id
  id=$(echo "$1" | hrsi-create-jobs -q --type test_job -)
  [[ $id =~ ^[0-9]+$ ]] || fail "no job created for $1: '$id'"
  echo "$id"
}
last_subtype() { sql "select coalesce(last_error_subtype, '') from hrsi.jobs where id = $1"; }
last_status() { sql "select s.name from hrsi.jobs j join hrsi.job_status s on s.id = j.last_status where j.id = $1"; }
podman_worker=(hrsi-run-worker --runtime podman --work-root "$work")
inputs_tried=0
refused=0
tried() { inputs_tried=$((inputs_tried + 1)); }
was_refused() { refused=$((refused + 1)); }

# --- links the program leaves in its outputs ----------------------------------------------------
for target in "$root/host-secret.json" /etc/shadow "$root"; do
  TEST "podman: a link in the outputs to $target fails the job, nothing of it is kept or read"
  program "[\"/bin/sh\", \"-c\", \"ln -s '$target' /work/outputs/data/thumbnail.png && ln -s '$target' /work/outputs/logs/dias_catalog_submit.json\"]"
  job=$(new_job "link-$RANDOM")
  run "${podman_worker[@]}" "$job"
  tried
  expect_status 0
  expect_equal "$(last_status "$job")" internal_error "status"
  expect_equal "$(last_subtype "$job")" "Program output link refused" "subtype"
  expect_stderr_contains "symbolic link"
  [[ $(last_subtype "$job") == "Program output link refused" ]] && was_refused
  if grep -rq "$marker" "$results" 2>/dev/null; then fail "the host file was copied into the kept folder"; fi
  if sql "select error_message from hrsi.job_status_changes where job_id = $job" | grep -q "$marker"; then
    fail "the host file reached the database"
  fi
done

# --- paths that lead out of the storage root ------------------------------------------------------
l1c=S2B_MSIL1C_20250105T103429_N0511_R108_T32TLR_20250105T124512
for path in "/eodata/../secret/$l1c.SAFE" "/eodata/./x/$l1c.SAFE" "s3://eodata/a/../../b/$l1c.SAFE" "/"; do
  TEST "creation refuses the catalogue path '$path' with the reason, --strict exits 65"
  RUN_STDIN="{\"value\":[{\"Name\":\"$l1c.SAFE\",\"S3Path\":\"$path\"}]}" run hrsi-create-jobs --type test_job -
  tried
  expect_status 0
  expect_stdout_equals ""
  expect_stderr_contains "1 refused"
  [[ $stderr == *"refused"*"'..'"* || $stderr == *"refused"*"'.'"* || $stderr == *"names no product"* ]] &&
    was_refused || fail "no reason given: $stderr"
  RUN_STDIN="{\"value\":[{\"Name\":\"$l1c.SAFE\",\"S3Path\":\"$path\"}]}" run hrsi-create-jobs --type test_job --strict -
  expect_status 65
done
TEST "a test job named '/' in a list is refused"
RUN_STDIN=$'/\n' run hrsi-create-jobs --type test_job -
tried
expect_status 65
expect_stderr_contains "names no product"
was_refused
[[ $(sql "select count(*) from hrsi.jobs where input_path in ('/', '') or input_path like '%..%'") == 0 ]] ||
  fail "a job with a root or traversing input path exists"

# --- option injection into the container runtime ----------------------------------------------------
for value in --privileged "--volume=/:/host" "-v/:/host" "localhost/x:1 --privileged" '$(id)'; do
  TEST "the image parameter '$value' is refused when set"
  run hrsi-db params set docker_image_for_test_job_processing -- "$value"
  tried
  expect_status 65
  [[ $status == 65 ]] && was_refused
  expect_equal "$(hrsi-db params get docker_image_for_test_job_processing)" "$image" "image after the refusal"
done
for value in --privileged "0:0 --privileged"; do
  TEST "the container_user parameter '$value' is refused when set"
  run hrsi-db params set container_user -- "$value"
  tried
  expect_status 65
  [[ $status == 65 ]] && was_refused
done

TEST "an option as image, written past the check (an older schema), is refused at use: podman never sees it"
program '["/bin/sh", "-c", "echo ran"]'
sql "alter table hrsi.system_parameters drop constraint docker_image_for_test_job_processing_is_a_reference"
sql "update hrsi.system_parameters set docker_image_for_test_job_processing = '--privileged'"
job=$(new_job "inject-$RANDOM")
run "${podman_worker[@]}" "$job"
tried
expect_status 0
expect_equal "$(last_subtype "$job")" "Container image error" "subtype"
expect_stderr_contains "not a valid image reference"
expect_stderr_lacks "program: ran"
[[ $(last_subtype "$job") == "Container image error" ]] && was_refused
sql "update hrsi.system_parameters set docker_image_for_test_job_processing = '$image'"

# --- the container's hardening --------------------------------------------------------------------
TEST "podman: read-only root, writable /work and /tmp, the flavor's memory and pids limits, a non-root user"
hrsi-db -q params set container_user 65534:65534 || fail "cannot set container_user"
program '["/bin/sh", "-c", "id -u; touch /etc/x 2>&1; touch /tmp/x && echo tmp-writable; echo ok > /work/outputs/data/out.txt && echo work-writable; cat /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/pids.max 2>/dev/null; cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max 2>/dev/null; true"]'
job=$(new_job "harden-$RANDOM")
run "${podman_worker[@]}" "$job"
expect_status 0
expect_equal "$(last_status "$job")" processed "status"
expect_stderr_contains "program: 65534"
expect_stderr_contains "Read-only file system"
expect_stderr_contains "program: tmp-writable"
expect_stderr_contains "program: work-writable"
expect_stderr_contains "program: 1024"          # test_job: extra_small, 1 vCPU
expect_stderr_contains "program: 1073741824"    # 1 GiB
expect_stderr_contains "-- $image"
hrsi-db -q params unset container_user || fail "cannot unset container_user"

# --- secrets --------------------------------------------------------------------------------------
secret="pw-$$-never-shown"
for runtime in podman none; do
  TEST "$runtime: secrets of the worker's environment reach neither the program, nor argv, logs or --json"
  program '["/bin/sh", "-c", "env; echo args: \"$@\"", "sh", "/work/parameters.json"]'
  job=$(new_job "secret-$runtime-$RANDOM")
  PGPASSWORD=$secret AWS_SECRET_ACCESS_KEY=$secret RCLONE_CONFIG_HRSIS3_SECRET_ACCESS_KEY=$secret \
    HRSI_AMQP_URL="amqp://u:$secret@127.0.0.1:1/" run hrsi-run-worker --runtime "$runtime" --work-root "$work" \
    --keep-work-folder "$job"
  expect_status 0
  expect_equal "$(last_status "$job")" processed "status"
  expect_stderr_contains "program: args:"
  expect_stderr_lacks "$secret"
  folder=$work/jobs/$(sql "select unique_id from hrsi.jobs where id = $job")
  if grep -rq "$secret" "$folder"; then fail "a secret is in the work folder (logs, parameter file)"; fi
  run hrsi-status show "$job" --json
  expect_stderr_lacks "$secret"
  expect_stdout_lacks_secret=$([[ $stdout == *"$secret"* ]] && echo yes)
  [[ -z $expect_stdout_lacks_secret ]] || fail "--json shows a secret"
  run hrsi-status history "$job" --json
  [[ $stdout != *"$secret"* ]] || fail "history --json shows a secret"
done

TEST "--db with a password is refused (64) without showing it, even when libpq cannot parse it"
for db in "host=x password=$secret" "postgresql://u:$secret@h:notaport/db" "host=x password=$secret 'unterminated"; do
  run hrsi-status list --db "$db"
  tried
  expect_status 64
  expect_stderr_lacks "$secret"
  [[ $status == 64 ]] && was_refused
done

# --- edge inputs ----------------------------------------------------------------------------------
TEST "a 10 MiB name is refused at parse time (65), logged shortened"
head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' A >"$root/long-name"
{ printf '{"value":[{"Name":"'; cat "$root/long-name"; printf '"}]}'; } >"$root/long.json"
run hrsi-create-jobs --type test_job "$root/long.json"
tried
expect_status 65
expect_stderr_contains "longer than"
((${#stderr} < 2000)) || fail "stderr is ${#stderr} bytes long"
[[ $status == 65 ]] && was_refused

# JSON escapes: the decoded names hold a tab, CR, LF, NUL, ESC.
for name in 'tab\there' 'cr\rhere' 'lf\nhere' 'nul\u0000here' 'esc\u001bhere'; do
  TEST "a name with a control character is refused clearly: $name"
  RUN_STDIN="{\"value\":[{\"Name\":\"$name\"}]}" run hrsi-create-jobs --type test_job -
  tried
  expect_status 65
  expect_stderr_contains "names and paths must not"
  [[ $status == 65 ]] && was_refused
done

for date in 0000-01-01T00:00:00Z 1900-01-01T00:00:00Z 10000-01-01T00:00:00Z 2025-13-01T00:00:00Z; do
  for type in test_job fsc_rlie_job; do
    TEST "the date $date is refused for $type (65)"
    RUN_STDIN="{\"value\":[{\"Name\":\"$l1c.SAFE\",\"S3Path\":\"/eodata/x/$l1c.SAFE\",\"PublicationDate\":\"$date\"}]}" \
      run hrsi-create-jobs --type "$type" -
    tried
    expect_status 65
    [[ $status == 65 ]] && was_refused
  done
done

TEST "a far-future publication is refused and --next-window stays before now"
RUN_STDIN="{\"value\":[{\"Name\":\"future-$$\",\"PublicationDate\":\"9999-12-31T00:00:00Z\"}]}" run hrsi-create-jobs --type test_job -
tried
expect_status 0
expect_stderr_contains "in the future"
[[ $stderr == *"in the future"* ]] && was_refused
run hrsi-create-jobs --type test_job --next-window
expect_status 0
[[ $stdout != *9999* ]] || fail "--next-window starts in 9999: $stdout"

echo "security figures: $inputs_tried hostile inputs tried, $refused refused, 0 host files published"
finish
