// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/system_parameters.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace hrsi::jobs {

// The job types the system parameter job_types_list names (the reference's switch of a type
// on and off): what hrsi-dispatch, hrsi-monitor and hrsi-publish work on without --type, and
// the types hrsi-create-jobs creates jobs for. The database keeps the list a JSON array of
// known types (its trigger); anything else reads as an empty list.
[[nodiscard]] std::vector<std::string> enabled_job_types(db::SystemParameterValues const& parameters);

[[nodiscard]] bool is_enabled_job_type(db::SystemParameterValues const& parameters, std::string_view type_name);

}  // namespace hrsi::jobs
