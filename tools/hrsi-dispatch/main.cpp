// SPDX-License-Identifier: Apache-2.0
// hrsi-dispatch: ready jobs to workers.
#include <hrsi/tools/program_mains.hpp>

int main(int argc, char** argv) {
    return hrsi::tools::dispatch_main(argc, argv, hrsi::jobs::builtin_job_types());
}
