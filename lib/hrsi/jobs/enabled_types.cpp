// SPDX-License-Identifier: Apache-2.0
#include <hrsi/jobs/enabled_types.hpp>

#include <rapidjson/document.h>

#include <algorithm>

namespace hrsi::jobs {

std::vector<std::string> enabled_job_types(db::SystemParameterValues const& parameters) {
    auto const list = parameters.text("job_types_list").value_or("[]");
    rapidjson::Document document;
    document.Parse(list.c_str(), list.size());
    std::vector<std::string> types;
    if (document.HasParseError() || !document.IsArray()) return types;
    for (auto const& value : document.GetArray()) {
        if (value.IsString()) types.emplace_back(value.GetString(), value.GetStringLength());
    }
    return types;
}

bool is_enabled_job_type(db::SystemParameterValues const& parameters, std::string_view type_name) {
    auto const types = enabled_job_types(parameters);
    return std::find(types.begin(), types.end(), type_name) != types.end();
}

}  // namespace hrsi::jobs
