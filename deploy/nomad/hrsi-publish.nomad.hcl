# SPDX-License-Identifier: Apache-2.0
# Publication, once a minute: the products of processed jobs are sent as JSON messages to
# RabbitMQ (start_publication → published → done; jobs without product go to done).
#
# Messages not confirmed by the broker are sent again by the next run (the outbox). Endpoint
# failure reports are handled by a second task of the same group, `hrsi-publish --failures`,
# run once the publication task has ended (poststop). The broker URL (HRSI_AMQP_URL, with its password) comes from
# the Nomad variable, never from here.
#
# NOT RUN against a real Nomad; see deploy/README.md.
# Submit: nomad job run deploy/nomad/hrsi-publish.nomad.hcl

job "hrsi-publish" {
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

  group "publish" {
    restart {
      attempts = 0
      mode     = "fail"
    }
    reschedule {
      attempts  = 0
      unlimited = false
    }

    task "publish" {
      driver = "raw_exec"

      config {
        command = "hrsi-publish"
      }

      template {
        destination = "secrets/hrsi.env"
        env         = true
        change_mode = "noop"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}
          HRSI_DB={{ .HRSI_DB }}
          PGPASSWORD={{ .PGPASSWORD }}
          HRSI_AMQP_URL={{ .HRSI_AMQP_URL }}
          {{ end }}
        EOT
      }

      kill_signal  = "SIGTERM"
      kill_timeout = "30s"

      resources {
        cpu    = 100
        memory = 256
      }
    }

    # The endpoint's failure reports (queue failed_products): each product sent again, at most
    # 3 times per job. Runs after the publication task of the same allocation.
    task "failures" {
      driver = "raw_exec"

      lifecycle {
        hook = "poststop"
      }

      config {
        command = "hrsi-publish"
        args    = ["--failures"]
      }

      template {
        destination = "secrets/hrsi.env"
        env         = true
        change_mode = "noop"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}
          HRSI_DB={{ .HRSI_DB }}
          PGPASSWORD={{ .PGPASSWORD }}
          HRSI_AMQP_URL={{ .HRSI_AMQP_URL }}
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
