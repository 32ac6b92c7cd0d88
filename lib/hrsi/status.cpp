// SPDX-License-Identifier: Apache-2.0
#include <hrsi/status.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <string>

namespace hrsi {
namespace {

constexpr std::array<std::string_view, 16> names = {
    "initialized",   "configured",     "ready",          "queued",
    "started",       "pre_processing", "processing",     "post_processing",
    "processed",     "start_publication", "published",   "done",
    "internal_error", "external_error", "error_checked", "cancelled",
};

using S = JobStatus;

struct Allowed {
    std::optional<JobStatus> from;
    std::initializer_list<JobStatus> to;
};

// Reference §2.2, row by row.
bool allowed_by_table(std::optional<JobStatus> from, JobStatus to) noexcept {
    static constexpr auto none = std::optional<JobStatus>{};
    static Allowed const table[] = {
        {none, {S::initialized, S::started, S::internal_error, S::cancelled}},
        {S::initialized, {S::configured, S::internal_error, S::external_error, S::cancelled}},
        {S::configured, {S::ready, S::internal_error, S::cancelled}},
        {S::ready, {S::queued, S::internal_error, S::external_error, S::cancelled}},
        {S::queued, {S::started, S::internal_error}},
        {S::started, {S::pre_processing, S::internal_error, S::external_error, S::cancelled}},
        {S::pre_processing, {S::processing, S::internal_error, S::external_error, S::cancelled}},
        {S::processing, {S::post_processing, S::internal_error, S::external_error, S::cancelled}},
        {S::post_processing, {S::processed, S::internal_error, S::external_error, S::cancelled}},
        {S::processed,
         {S::start_publication, S::done, S::internal_error, S::external_error, S::cancelled}},
        {S::start_publication,
         {S::published, S::internal_error, S::external_error, S::cancelled}},
        {S::published, {S::done}},
        {S::done, {S::internal_error, S::external_error}},
        {S::internal_error, {S::internal_error, S::external_error, S::error_checked}},
        {S::external_error,
         {S::started, S::internal_error, S::external_error, S::error_checked}},
        {S::cancelled, {S::internal_error}},
    };
    if (from == S::error_checked) {
        return true;  // an error that was looked at may go anywhere
    }
    for (auto const& row : table) {
        if (row.from == from) {
            return std::find(row.to.begin(), row.to.end(), to) != row.to.end();
        }
    }
    return false;
}

}  // namespace

std::string_view status_name(JobStatus status) noexcept {
    return names.at(static_cast<std::size_t>(status_id(status) - 1));
}

std::optional<JobStatus> status_from_id(int id) noexcept {
    if (id < 1 || id > 16) {
        return std::nullopt;
    }
    return static_cast<JobStatus>(id);
}

JobStatus parse_status(std::string_view text) {
    int id = 0;
    auto const* end = text.data() + text.size();
    if (auto [ptr, ec] = std::from_chars(text.data(), end, id); ec == std::errc{} && ptr == end) {
        if (auto status = status_from_id(id)) {
            return *status;
        }
    }
    std::string wanted;
    for (char c : text) {
        wanted += c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (auto status : all_statuses) {
        if (status_name(status) == wanted) {
            return status;
        }
    }
    std::string valid;
    for (auto status : all_statuses) {
        valid += fmt::format("{}{}", valid.empty() ? "" : ", ", status_name(status));
    }
    throw UsageError(fmt::format("unknown job status '{}'; valid statuses (or their ids 1-16): {}",
                                 text, valid));
}

bool is_allowed_transition(std::optional<JobStatus> from, JobStatus to) noexcept {
    return allowed_by_table(from, to);
}

}  // namespace hrsi
