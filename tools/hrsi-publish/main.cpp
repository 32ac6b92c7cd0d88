// SPDX-License-Identifier: Apache-2.0
// hrsi-publish: products to RabbitMQ.
#include <hrsi/tools/program_mains.hpp>

int main(int argc, char** argv) {
    return hrsi::tools::publish_main(argc, argv, hrsi::jobs::builtin_job_types());
}
