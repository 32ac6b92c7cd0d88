// SPDX-License-Identifier: Apache-2.0
// hrsi-search: a job type's new products from the catalogue, for hrsi-create-jobs.
#include <hrsi/tools/program_mains.hpp>

int main(int argc, char** argv) {
    return hrsi::tools::search_main(argc, argv, hrsi::jobs::builtin_job_types());
}
