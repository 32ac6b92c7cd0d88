// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/sws_wds/sws_wds_metadata.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <system_error>

namespace hrsi::jobs {
namespace {

bool name_start(char c) { return c == '_' || std::isalpha(static_cast<unsigned char>(c)); }
bool name_char(char c) { return c == '_' || std::isalnum(static_cast<unsigned char>(c)); }

}  // namespace

std::string substitute_template(std::string_view text,
                                std::map<std::string, std::string, std::less<>> const& values) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        auto const dollar = text.find('$', i);
        out.append(text.substr(i, dollar == std::string_view::npos ? std::string_view::npos : dollar - i));
        if (dollar == std::string_view::npos) break;
        auto const rest = text.substr(dollar + 1);
        std::string_view name;
        std::size_t used = 1;
        if (rest.starts_with('$')) {
            out += '$';
            i = dollar + 2;
            continue;
        }
        if (rest.starts_with('{')) {
            auto const close = rest.find('}');
            name = close == std::string_view::npos ? std::string_view{} : rest.substr(1, close - 1);
            used += close + 1;
        } else {
            std::size_t n = 0;
            while (n < rest.size() && name_char(rest[n])) ++n;
            name = rest.substr(0, n);
            used += n;
        }
        if (name.empty() || !name_start(name.front()) ||
            !std::all_of(name.begin(), name.end(), name_char)) {
            throw InputError(fmt::format("invalid placeholder at offset {} of the template", dollar));
        }
        auto const value = values.find(name);
        if (value == values.end()) throw InputError(fmt::format("the template's ${{{}}} has no value", name));
        out += value->second;
        i = dollar + used;
    }
    return out;
}

std::string product_raster_suffix(std::string_view product_type) {
    if (product_type == "SWS") return "WSM";
    if (product_type == "WDS") return "SSC";
    throw InputError(fmt::format("'{}' is not SWS or WDS", product_type));
}

double product_size_kib(std::filesystem::path const& folder, std::string_view product_id,
                        std::string_view product_type) {
    auto const raster = product_raster_suffix(product_type);
    std::uintmax_t bytes = 0;
    for (auto const& name : {fmt::format("{}_{}.tif", product_id, raster), fmt::format("{}_QC{}.tif", product_id, raster),
                             fmt::format("{}_MTD.xml", product_id)}) {
        std::error_code error;
        auto const status = std::filesystem::symlink_status(folder / name, error);
        if (error || !std::filesystem::is_regular_file(status)) {
            throw InputError(fmt::format("product {} has no file {}", product_id, name));
        }
        bytes += std::filesystem::file_size(folder / name);
    }
    return static_cast<double>(bytes) / 1024.0;
}

}  // namespace hrsi::jobs
