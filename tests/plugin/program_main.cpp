// SPDX-License-Identifier: Apache-2.0
// A program of the test build (HRSI_PROGRAM_MAIN: dispatch_main, ...) that knows the built-in
// job types and plugin_test_job.
#include "plugin_test_job.hpp"

#include <hrsi/tools/program_mains.hpp>

int main(int argc, char** argv) {
    return hrsi::tools::HRSI_PROGRAM_MAIN(argc, argv, hrsi::testing::plugin_test_registry());
}
