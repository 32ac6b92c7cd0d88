# SPDX-License-Identifier: Apache-2.0
# The monitor, once a minute: jobs in queued ... post_processing whose worker is gone (stale
# or missing heartbeat, dispatch unknown to Nomad or every allocation ended) or that overstay
# their step's time limit are stopped (nomad job stop -detach <dispatch>) and written
# internal_error, then error_checked and ready with a new attempt while the retry limit
# (max_attempts) allows. hrsi-dispatch dispatches them again.
# On a cluster the workers run on other clients than the monitor: the heartbeat's age (system
# parameter worker_heartbeat_timeout_seconds, 180 s) is what tells a dead worker there; the
# "process gone on this host" rule only helps for workers of the monitor's own host.
#
# NOT RUN against a real Nomad; see deploy/README.md.
# Submit: nomad job run deploy/nomad/hrsi-monitor.nomad.hcl
# (Or a service with args = ["--loop", "60"], like hrsi-dispatch.nomad.hcl.)

job "hrsi-monitor" {
  type        = "batch"
  datacenters = ["dc1"]

  periodic {
    crons            = ["* * * * *"]
    prohibit_overlap = true
  }

  constraint {
    attribute = "${node.class}"
    value     = "orchestrator"
  }

  group "monitor" {
    # A failed pass is the next minute's work.
    restart {
      attempts = 0
      mode     = "fail"
    }
    reschedule {
      attempts  = 0
      unlimited = false
    }

    task "monitor" {
      driver = "raw_exec"

      config {
        command = "hrsi-monitor"
      }

      env {
        HRSI_NOMAD = "/usr/local/bin/nomad"
      }

      # The database, and Nomad's address and a token that may read jobs and stop dispatches
      # (read-job, submit-job), from the Nomad variable nomad/jobs (see deploy/README.md).
      template {
        destination = "secrets/hrsi.env"
        env         = true
        change_mode = "noop"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}
          HRSI_DB={{ .HRSI_DB }}
          PGPASSWORD={{ .PGPASSWORD }}
          NOMAD_ADDR={{ .NOMAD_ADDR }}
          NOMAD_TOKEN={{ .NOMAD_MONITOR_TOKEN }}
          {{ end }}
        EOT
      }

      kill_signal  = "SIGTERM"
      kill_timeout = "30s"

      resources {
        cpu    = 100
        memory = 128
      }
    }
  }
}
