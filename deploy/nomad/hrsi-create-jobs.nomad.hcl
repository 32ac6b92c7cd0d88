# SPDX-License-Identifier: Apache-2.0
# Job creation, every 5 minutes: hrsi-search asks the Copernicus Data Space catalogue for the
# Sentinel-2 L1C and the Sentinel-1 IW GRDH published since the last inserted job of each type
# (the window of hrsi-create-jobs --next-window), all pages, and hrsi-create-jobs creates the
# fsc_rlie_job and rlies1_job jobs of the new products (rlies1_job reads the tile grid installed
# with the programs, share/hrsi/eea39). Running it again on the same answer creates nothing,
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
          # Every catalogue-fed type (test_job takes hand-written lists, not the catalogue).
          # hrsi-search asks the catalogue (system parameters catalogue_kind and catalogue_url)
          # for the type's products published since the last inserted job's input (minus one
          # second, except RLIE-S1), all pages, retrying 429/5xx/resets with back-off; it writes the answer only
          # once complete, so a failed search creates nothing and the pipeline fails with the
          # search's status (65 bad page, 69 unreachable, 75 try again): the next period asks
          # again from the same window.
          status=0
          # SWS/WDS searches the Sentinel-1 GRDs from the earliest new FSC day and takes the FSC
          # products from hrsi's own database.
          for type in fsc_rlie_job rlies1_job sws_wds_job; do
            hrsi-search --type $type --total-timeout 240 | hrsi-create-jobs --type $type - || status=$?
          done
          # The clock's type: RLIE-S1+S2 searches its days back from yesterday in hrsi's own
          # published products (a run that finds nothing new creates nothing).
          hrsi-create-jobs --type rlies1s2_job --scheduled || status=$?
          # GFSC: a job per tile and day for each FSC, WDS and SWS hrsi published since the last
          # trigger, and at night (22-02 UTC) the daily jobs of the tiles without input.
          hrsi-create-jobs --type gfsc_job --scheduled || status=$?
          exit $status
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
