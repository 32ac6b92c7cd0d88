// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/nomad/nomad_cli.hpp>
#include <hrsi/slurm/slurm_cli.hpp>
#include <hrsi/storage/storage.hpp>

#include <chrono>
#include <optional>
#include <string>

// The programs' edge: the only place where hrsi reads environment variables (with
// lib/hrsi/tools). The programs read them here and pass the values down; the rest of the
// library reads none (tests/source/library_reads_no_environment.sh).
namespace hrsi::cli {

// The value of an environment variable, or nothing when it is unset or empty (an empty
// setting means "not given" everywhere in hrsi).
[[nodiscard]] std::optional<std::string> environment_value(char const* name);

// A positive number of seconds from an environment variable (rounded up), or nothing when it
// is unset or empty. Throws UsageError naming the variable for anything else.
[[nodiscard]] std::optional<std::chrono::seconds> environment_seconds(char const* name);

// Nomad's command: HRSI_NOMAD (default "nomad" on PATH), HRSI_NOMAD_TIMEOUT (seconds).
[[nodiscard]] nomad::NomadOptions nomad_options_from_environment();
// Slurm's commands: HRSI_SLURM_BIN (their folder; default: PATH), HRSI_SLURM_TIMEOUT (seconds).
[[nodiscard]] slurm::SlurmOptions slurm_options_from_environment();
// HRSI_S3_REMOTE (default HRSIS3) and HRSI_RCLONE (default "rclone" on PATH). The remote itself
// is configured by rclone's own RCLONE_CONFIG_<REMOTE>_* variables (SERVICES.md).
[[nodiscard]] storage::StorageOptions storage_options_from_environment();
// Who acts, for the history of an operator action: $USER, else the login name, else the
// user of the effective uid.
[[nodiscard]] std::string operator_name();
// Whether stdout is a terminal and colour/bold is wanted (NO_COLOR unset or empty).
[[nodiscard]] bool stdout_wants_style();

}  // namespace hrsi::cli
