#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# New FSC/RLIE jobs from the Copernicus Data Space catalogue: the products published since the
# last inserted job (hrsi-create-jobs --next-window), oldest first. Run by the scrontab line of
# hrsi.scrontab (install as /usr/local/lib/hrsi/hrsi-create-jobs.sh).
set -euo pipefail
type=${1:-fsc_rlie_job}
since=$(hrsi-create-jobs --type "$type" --next-window)
curl -fsSG --retry 3 --max-time 240 "https://catalogue.dataspace.copernicus.eu/odata/v1/Products" \
  --data-urlencode "\$filter=Collection/Name eq 'SENTINEL-2' and contains(Name,'MSIL1C') and PublicationDate gt $since" \
  --data-urlencode '$orderby=PublicationDate asc' \
  --data-urlencode '$top=1000' |
  hrsi-create-jobs --type "$type" -
