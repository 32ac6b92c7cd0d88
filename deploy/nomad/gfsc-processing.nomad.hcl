# SPDX-License-Identifier: Apache-2.0
# The worker of gfsc_job (GFSC: the daily cumulative gap-filled fractional snow cover of one
# tile from its FSC, WDS, SWS and previous GFSC products): a parameterized batch job.
# hrsi-dispatch --executor nomad dispatches one instance per claimed job:
#   nomad job dispatch -detach -meta job_id=<id> -meta attempt=<n> \
#       -idempotency-token hrsi-job-<id>-attempt-<n> gfsc-processing
# and records the dispatched job id ("gfsc-processing/dispatch-<time>-<hex>") as the job's
# executor_handle; hrsi-monitor asks Nomad about it while the job is queued.
#
# NOT RUN against a real Nomad (none could be installed where hrsi was written); see
# deploy/README.md for what was checked and how.
#
# Submit: nomad job run deploy/nomad/gfsc-processing.nomad.hcl
# The values the reference system used (gfsc_processing.nomad, §4.3 of its description): flavor
# eo2.medium (WorkerFlavors.small), 3000 MB.

job "gfsc-processing" {
  type        = "batch"
  datacenters = ["dc1"]

  # One instance per job attempt; both meta are required (the worker refuses to run without).
  parameterized {
    meta_required = ["job_id", "attempt"]
  }

  # Workers only, of the flavor the job type asks for (WORKER_FLAVOR_NAME of gfsc_job: small).
  constraint {
    attribute = "${node.class}"
    value     = "worker"
  }
  constraint {
    attribute = "${attr.platform.aws.instance-type}"
    value     = "eo2.medium"
  }

  group "run-worker" {
    # The worker's contract: exit 0 = do not run this job again (processed, a final error, or
    # a job that is no longer this attempt's); exit 2 = run it again (a retryable failure was
    # recorded, or the worker was interrupted). Nomad restarts a task on any non-zero exit, so
    # a restart on failure is exactly "exit 2 → run again", at the same attempt (the worker
    # takes a job in external_error or error_checked at its attempt).
    # The retry limit lives in the database (max_attempts, 3, counted from the status
    # history): the third failure is recorded as internal_error "no attempt left" and the
    # worker exits 0. So restarts need max_attempts - 1 = 2; 5 leaves room for interruptions
    # (not counted) and for a worker that could not reach the database (exit 69).
    # mode "fail": once the restarts are used up, the allocation fails; see reschedule.
    restart {
      attempts = 5
      interval = "24h"
      delay    = "15s"
      mode     = "fail"
    }

    # A failed allocation (restarts used up, or its node lost) is placed once more, elsewhere:
    # the new allocation runs the same attempt. If hrsi-monitor has meanwhile recovered the job
    # (a new attempt), that worker finds the job no longer its own and exits 0 without writing.
    # More than that is hrsi-monitor's and hrsi-dispatch's work (a new attempt, a new dispatch).
    reschedule {
      attempts  = 1
      interval  = "24h"
      delay     = "30s"
      unlimited = false
    }

    # Nothing to keep across restarts: the worker builds its work folder afresh (the input
    # products, the masks and DEM of the tile, the product).
    ephemeral_disk {
      size = 10000
    }

    task "run-worker" {
      driver = "raw_exec"

      config {
        # Installed on every worker client (cmake --install: /usr/local/bin), found on PATH.
        command = "hrsi-run-worker"
        args    = ["${NOMAD_META_job_id}", "--attempt", "${NOMAD_META_attempt}"]
      }

      env {
        # The scientific program runs in a docker container of the image named by the system
        # parameter docker_image_for_gfsc_processing; docker runs on every worker client.
        HRSI_RUNTIME   = "docker"
        HRSI_WORK_ROOT = "/data/hrsi-work"
        # s3:// URLs go through this rclone remote; its keys come from the template below.
        HRSI_S3_REMOTE                 = "HRSIS3"
        RCLONE_CONFIG_HRSIS3_TYPE      = "s3"
        RCLONE_CONFIG_HRSIS3_PROVIDER  = "Other"
        RCLONE_CONFIG_HRSIS3_ENDPOINT  = "https://s3.waw2-1.cloudferro.com"
      }

      # The database and the storage keys, never in the specification: the Nomad variable
      # nomad/jobs (readable by every job of the namespace), written once with
      #   nomad var put nomad/jobs HRSI_DB='host=db.internal dbname=hrsi user=hrsi_worker' \
      #       PGPASSWORD=... S3_ACCESS_KEY_ID=... S3_SECRET_ACCESS_KEY=...
      # (or, without Nomad variables, a file on the clients: {{ file "/etc/hrsi/hrsi.env" }}
      # with the client's template sandbox opened for /etc/hrsi).
      template {
        destination = "secrets/hrsi.env"
        env         = true
        change_mode = "noop"
        data        = <<-EOT
          {{ with nomadVar "nomad/jobs" }}
          HRSI_DB={{ .HRSI_DB }}
          PGPASSWORD={{ .PGPASSWORD }}
          RCLONE_CONFIG_HRSIS3_ACCESS_KEY_ID={{ .S3_ACCESS_KEY_ID }}
          RCLONE_CONFIG_HRSIS3_SECRET_ACCESS_KEY={{ .S3_SECRET_ACCESS_KEY }}
          {{ end }}
        EOT
      }

      # Stopping an allocation (nomad job stop, a drained node): the worker stops the program
      # (SIGTERM, SIGKILL 10 s later; docker stop for a container), records external_error
      # "Worker interrupted" (not counted toward max_attempts) and exits 2. 60 s leaves it time;
      # the client's max_kill_timeout (30 s by default) must allow it.
      kill_signal  = "SIGTERM"
      kill_timeout = "60s"

      # The container's memory is not the task's (raw_exec): this reserves the flavor's share.
      resources {
        cpu    = 50
        memory = 3000
      }

      logs {
        max_files     = 5
        max_file_size = 20
      }
    }
  }
}
