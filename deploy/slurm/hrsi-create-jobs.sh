#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# New jobs from the catalogue for each catalogue-fed type given (default fsc_rlie_job): hrsi-search
# asks the catalogue (system parameters catalogue_kind and catalogue_url) for the type's products
# published since the last inserted job's input (hrsi-create-jobs --next-window), every page,
# retrying 429/5xx/resets with back-off, and hands the answer over only once it is complete, so a
# failed search creates nothing and the next run asks again from the same window. Run by the
# scrontab line of hrsi.scrontab (install as /usr/local/lib/hrsi/hrsi-create-jobs.sh).
set -euo pipefail
status=0
for type in "${@:-fsc_rlie_job}"; do
  hrsi-search --type "$type" --total-timeout 240 | hrsi-create-jobs --type "$type" - || status=$?
done
exit $status
