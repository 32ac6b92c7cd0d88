// SPDX-License-Identifier: Apache-2.0
#include <hrsi/cli/environment.hpp>

#include <hrsi/error.hpp>
#include <hrsi/util/output.hpp>

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include <pwd.h>
#include <unistd.h>

namespace hrsi::cli {

std::optional<std::string> environment_value(char const* name) {
    char const* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

std::optional<std::chrono::seconds> environment_seconds(char const* name) {
    auto const text = environment_value(name);
    if (!text) return std::nullopt;
    char* end = nullptr;
    auto const value = std::strtod(text->c_str(), &end);
    if (end == text->c_str() || *end != '\0' || !(value > 0) || value == HUGE_VAL) {
        throw UsageError(fmt::format("{} must be a positive number of seconds, not '{}'", name, *text));
    }
    return std::chrono::seconds(static_cast<long long>(std::ceil(value)));
}

nomad::NomadOptions nomad_options_from_environment() {
    nomad::NomadOptions options;
    if (auto program = environment_value("HRSI_NOMAD")) options.program = std::move(*program);
    if (auto const seconds = environment_seconds("HRSI_NOMAD_TIMEOUT")) options.timeout = *seconds;
    return options;
}

slurm::SlurmOptions slurm_options_from_environment() {
    slurm::SlurmOptions options;
    if (auto bin = environment_value("HRSI_SLURM_BIN")) options.bin_dir = *bin;
    if (auto const seconds = environment_seconds("HRSI_SLURM_TIMEOUT")) options.timeout = *seconds;
    return options;
}

storage::StorageOptions storage_options_from_environment() {
    storage::StorageOptions options;
    if (auto remote = environment_value("HRSI_S3_REMOTE")) options.s3_remote = std::move(*remote);
    if (auto rclone = environment_value("HRSI_RCLONE")) options.rclone = std::move(*rclone);
    return options;
}

std::string operator_name() {
    if (auto user = environment_value("USER")) return *user;
    if (char const* login = getlogin(); login != nullptr && *login != '\0') return login;
    if (passwd const* entry = getpwuid(geteuid()); entry != nullptr && entry->pw_name != nullptr) {
        return entry->pw_name;
    }
    return fmt::format("uid {}", geteuid());
}

bool stdout_wants_style() {
    return util::stdout_is_terminal() && !environment_value("NO_COLOR");
}

}  // namespace hrsi::cli
