// SPDX-License-Identifier: Apache-2.0
// hrsi-monitor: dead or overdue workers.
#include <hrsi/tools/program_mains.hpp>

int main(int argc, char** argv) {
    return hrsi::tools::monitor_main(argc, argv, hrsi::jobs::builtin_job_types());
}
