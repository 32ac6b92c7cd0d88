# SPDX-License-Identifier: Apache-2.0
# The dispatcher: a long-running service that ticks every 10 s. Each tick promotes the
# configured jobs whose dependency is met, claims the ready jobs by priority (nrt, delayed,
# reprocessing) as a new attempt written queued, and dispatches each one as an instance of its
# type's parameterized job (si-processing, test-job-processing) with
#   nomad job dispatch -detach -meta job_id=<id> -meta attempt=<n> \
#       -idempotency-token hrsi-job-<id>-attempt-<n> <nomad job>
# Claims use FOR UPDATE SKIP LOCKED: a second dispatcher (count = 2, or one per site) never
# takes a job twice.
#
# Nomad unreachable: hrsi-dispatch puts the job back to ready and exits 69; the restart block
# starts it again. Alternatively, a periodic job that runs one loop per minute:
#   periodic { crons = ["* * * * *"]  prohibit_overlap = true }   with type = "batch" and
#   args = ["--executor", "nomad", "--loop", "10", "--until-idle"]
#
# NOT RUN against a real Nomad; see deploy/README.md.
# Submit: nomad job run deploy/nomad/hrsi-dispatch.nomad.hcl

job "hrsi-dispatch" {
  type        = "service"
  datacenters = ["dc1"]

  constraint {
    attribute = "${node.class}"
    value     = "orchestrator"
  }

  group "dispatch" {
    count = 1

    restart {
      attempts = 10
      interval = "30m"
      delay    = "15s"
      mode     = "delay"
    }

    task "dispatch" {
      driver = "raw_exec"

      config {
        command = "hrsi-dispatch"
        args    = ["--executor", "nomad", "--loop", "10"]
      }

      env {
        # The nomad client the dispatcher runs (installed with the agent on every client).
        HRSI_NOMAD = "/usr/local/bin/nomad"
      }

      # The database, and Nomad's address and a token with the dispatch-job capability, from
      # the Nomad variable nomad/jobs (see deploy/README.md).
      template {
        destination = "secrets/hrsi.env"
        env         = true
        change_mode = "restart"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}
          HRSI_DB={{ .HRSI_DB }}
          PGPASSWORD={{ .PGPASSWORD }}
          NOMAD_ADDR={{ .NOMAD_ADDR }}
          NOMAD_TOKEN={{ .NOMAD_DISPATCH_TOKEN }}
          {{ end }}
        EOT
      }

      # SIGTERM ends the loop after the current tick (Nomad dispatches go on under Nomad).
      kill_signal  = "SIGTERM"
      kill_timeout = "30s"

      resources {
        cpu    = 200
        memory = 256
      }
    }
  }
}
