// SPDX-License-Identifier: Apache-2.0
// hrsi-status: look at jobs and act on them.
#include <hrsi/tools/program_mains.hpp>

int main(int argc, char** argv) {
    return hrsi::tools::status_main(argc, argv, hrsi::jobs::builtin_job_types());
}
