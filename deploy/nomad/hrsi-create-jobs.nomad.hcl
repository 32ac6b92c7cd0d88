# SPDX-License-Identifier: Apache-2.0
# Job creation, every 5 minutes: ask the Copernicus Data Space catalogue for the Sentinel-2 L1C
# published since the last inserted job (hrsi-create-jobs --next-window) and create the
# fsc_rlie_job jobs of the new products. Running it again on the same answer creates nothing,
# so an overlap or a retry is harmless; prohibit_overlap just saves the work.
#
# NOT RUN against a real Nomad; see deploy/README.md.
# Submit: nomad job run deploy/nomad/hrsi-create-jobs.nomad.hcl

job "hrsi-create-jobs" {
  type        = "batch"
  datacenters = ["dc1"]

  periodic {
    crons            = ["*/5 * * * *"]
    prohibit_overlap = true
  }

  constraint {
    attribute = "${node.class}"
    value     = "orchestrator"
  }

  group "create" {
    # A failed run (catalogue or database unavailable) is simply the next period's work.
    restart {
      attempts = 1
      delay    = "30s"
      mode     = "fail"
    }
    reschedule {
      attempts  = 0
      unlimited = false
    }

    task "create-jobs" {
      driver = "raw_exec"

      config {
        command = "/bin/bash"
        args    = ["local/create-jobs.sh"]
      }

      # The script. (HCL would read "$" followed by "{" as its own interpolation: the script
      # does without braces.)
      template {
        destination = "local/create-jobs.sh"
        change_mode = "noop"
        data        = <<-EOT
          set -euo pipefail
          type=fsc_rlie_job
          # Where the last run stopped: the newest input publication minus one second, or the
          # type's default search window for a first run.
          since=$(hrsi-create-jobs --type $type --next-window)
          # Only products over the area of interest (EEA39): its outline (a MULTIPOLYGON: the
          # islands), simplified to about 2,200 characters and grown so that it still covers
          # every tile. hrsi-create-jobs refuses whatever else comes (a tile outside the type's
          # area_of_interest).
          area=$(hrsi-tiles aoi --simplify 50000 --decimals 2)
          # Oldest first, so that the next window starts after what this page created.
          curl -fsSG --retry 3 --max-time 300 "https://catalogue.dataspace.copernicus.eu/odata/v1/Products" \
            --data-urlencode "\$filter=Collection/Name eq 'SENTINEL-2' and contains(Name,'MSIL1C') and PublicationDate gt $since and OData.CSC.Intersects(area=geography'SRID=4326;$area')" \
            --data-urlencode '$orderby=PublicationDate asc' \
            --data-urlencode '$top=1000' |
            hrsi-create-jobs --type $type -
        EOT
      }

      template {
        destination = "secrets/hrsi.env"
        env         = true
        change_mode = "noop"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}
          HRSI_DB={{ .HRSI_DB }}
          PGPASSWORD={{ .PGPASSWORD }}
          {{ end }}
        EOT
      }

      resources {
        cpu    = 500
        memory = 512
      }
    }
  }
}
