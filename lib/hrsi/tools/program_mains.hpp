// SPDX-License-Identifier: Apache-2.0
#pragma once

// The main() of each program that works on jobs, given the job types it knows. The installed
// programs (tools/<program>/main.cpp) pass jobs::builtin_job_types(); a test build passes the
// built-in types and a type of its own (tests/plugin/). Each returns the exit code.

#include <hrsi/jobs/registry.hpp>

namespace hrsi::tools {

int create_jobs_main(int argc, char** argv, jobs::Registry const& job_types);
int dispatch_main(int argc, char** argv, jobs::Registry const& job_types);
int monitor_main(int argc, char** argv, jobs::Registry const& job_types);
int publish_main(int argc, char** argv, jobs::Registry const& job_types);
int run_worker_main(int argc, char** argv, jobs::Registry const& job_types);
int search_main(int argc, char** argv, jobs::Registry const& job_types);
int status_main(int argc, char** argv, jobs::Registry const& job_types);

}  // namespace hrsi::tools
