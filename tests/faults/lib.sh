# SPDX-License-Identifier: Apache-2.0
# Helpers of the fault suites (sourced after tests/e2e/lib.sh, which has the SQL, test job and
# status helpers): private services, stopping PostgreSQL, waiting for text.
# Private services for a suite that stops them (never the shared test services): `up` under
# a state folder of its own, only the services named ($1, e.g. postgresql or
# postgresql,rabbitmq), exported as HRSI_DB (schema created) and HRSI_AMQP_URL; `down` at exit.
# PostgreSQL runs without fsync and synchronous commits unless HRSI_PG_FSYNC=on (a suite that
# counts on acknowledged commits surviving an immediate stop).
use_private_services() {
  local source_dir=${HRSI_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
  private_state=$(mktemp -d /tmp/hrsi-faults-XXXXXX)
  services_script=$source_dir/scripts/local-services
  at_exit "'$services_script' down --state '$private_state' >/dev/null 2>&1; rm -rf '$private_state' /tmp/hrsi-pg-\$(printf '%s' '$private_state' | cksum | cut -d' ' -f1)"
  HRSI_PG_FSYNC=${HRSI_PG_FSYNC:-off} HRSI_SERVICES=$1 "$services_script" up --state "$private_state" 2>"$private_state/up.log" ||
    { cat "$private_state/up.log" >&2; exit 1; }
  eval "$("$services_script" env --state "$private_state")"
  export HRSI_DB HRSI_AMQP_URL
  hrsi-db -q init || exit 1
}
# The private PostgreSQL: stopped at once (no shutdown checkpoint, sessions cut: a crash as
# far as clients can tell), and started again.
private_pg() {
  local home; home=$(cat "$private_state/pg-home")
  local bin; bin=${HRSI_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
  if [[ $(id -u) -eq 0 ]]; then (cd / && runuser -u postgres -- "$bin/pg_ctl" -D "$home/data" "$@"); else "$bin/pg_ctl" -D "$home/data" "$@"; fi
}
pg_stop_immediately() { private_pg -m immediate -w stop >/dev/null || fail "cannot stop the private PostgreSQL"; }
pg_start() {
  HRSI_PG_FSYNC=${HRSI_PG_FSYNC:-off} HRSI_SERVICES=postgresql "$services_script" up --state "$private_state" 2>>"$private_state/up.log" ||
    fail "cannot start the private PostgreSQL again"
}
# Waits (at most $3 seconds) until file $1 contains the text $2.
wait_for_text() {
  local deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    grep -qF -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
