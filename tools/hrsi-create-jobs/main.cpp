// SPDX-License-Identifier: Apache-2.0
// hrsi-create-jobs: jobs from catalogue answers.
#include <hrsi/tools/program_mains.hpp>

int main(int argc, char** argv) {
    return hrsi::tools::create_jobs_main(argc, argv, hrsi::jobs::builtin_job_types());
}
