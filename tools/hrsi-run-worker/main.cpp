// SPDX-License-Identifier: Apache-2.0
// hrsi-run-worker: process one job.
#include <hrsi/tools/program_mains.hpp>

int main(int argc, char** argv) {
    return hrsi::tools::run_worker_main(argc, argv, hrsi::jobs::builtin_job_types());
}
