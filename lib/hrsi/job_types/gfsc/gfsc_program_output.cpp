// SPDX-License-Identifier: Apache-2.0
#include <hrsi/job_types/gfsc/gfsc_program_output.hpp>

#include <hrsi/error.hpp>
#include <hrsi/jobs/job_worker.hpp>
#include <hrsi/jobs/program_metadata.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

namespace hrsi::jobs {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view title_key = "product_title:";

// A one-line YAML scalar: plain, '...' or "..." (no escapes: an id has none), without a
// trailing comment.
std::string scalar_of(std::string_view value) {
    value = util::trimmed(value);
    if (value.empty()) throw InputError("product_title is empty");
    char const quote = value.front();
    if (quote == '\'' || quote == '"') {
        auto const end = value.find(quote, 1);
        if (end == std::string_view::npos) throw InputError("product_title has an unclosed quote");
        if (!util::trimmed(value.substr(end + 1)).empty() && !util::trimmed(value.substr(end + 1)).starts_with('#')) {
            throw InputError(fmt::format("product_title has text after its quoted value: {}", value));
        }
        auto const inner = value.substr(1, end - 1);
        if (inner.find('\\') != std::string_view::npos || inner.find("''") != std::string_view::npos) {
            throw InputError(fmt::format("product_title is not a plain product id: {}", value));
        }
        if (inner.empty()) throw InputError("product_title is empty");
        return std::string(inner);
    }
    if (auto const comment = value.find(" #"); comment != std::string_view::npos) {
        value = util::trimmed(value.substr(0, comment));
    }
    if (std::string_view("|>&*!%@`[{-?:#,").find(value.front()) != std::string_view::npos) {
        throw InputError(fmt::format("product_title is not a one-line plain value: {}", value));
    }
    return std::string(value);
}

// The file's time "2024-01-02T23:59:59.000000Z" (strptime's %Y-%m-%dT%H:%M:%S.%fZ: 1-6 digits).
util::TimePoint resto_time(rapidjson::Value const& properties, char const* key, fs::path const& file) {
    auto const member = properties.FindMember(key);
    if (member == properties.MemberEnd() || !member->value.IsString()) {
        program_broke_contract(fmt::format("{}: resto.properties.{} is not a text", file.string(), key));
    }
    std::string_view const text(member->value.GetString(), member->value.GetStringLength());
    auto const dot = text.find('.');
    bool const shaped = text.size() >= 22 && text.size() <= 27 && dot == 19 && text[10] == 'T' &&
                        text.back() == 'Z' &&
                        std::all_of(text.begin() + 20, text.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
    if (shaped) {
        try {
            return util::parse_time(text);
        } catch (InputError const&) {
            // reported below
        }
    }
    program_broke_contract(fmt::format("{}: resto.properties.{} '{}' is not a time as %Y-%m-%dT%H:%M:%S.%fZ",
                                       file.string(), key, text));
}

void read_infos(GfscProgramOutput& output) {
    output.infos_file = output.product_folder / "dias_catalog_submit.json";
    output.infos = read_program_file(output.infos_file, "Missing infos file");
    if (util::trimmed(output.infos).empty()) {
        output.infos.clear();
        return;  // gf2.py: no valid input, no product
    }
    output.has_product = true;
    ProgramMetadata const metadata(output.infos);
    if (metadata.refusal()) {
        program_broke_contract(fmt::format("{}: {}", output.infos_file.string(), *metadata.refusal()));
    }
    auto const& properties = metadata.properties();
    output.completion_date = resto_time(properties, "completionDate", output.infos_file);
    output.sensing_start = resto_time(properties, "startDate", output.infos_file);
    output.sensing_end = resto_time(properties, "endDate", output.infos_file);
}

// The product folder: a real folder, not a link to one.
void check_product_folder(fs::path const& folder) {
    std::error_code error;
    auto const status = fs::symlink_status(folder, error);
    if (fs::is_symlink(status)) {
        throw WorkerFailure(FailureKind::internal, std::string(unsafe_output_subtype),
                            fmt::format("{} is a symbolic link: the worker reads no link a program leaves",
                                        folder.string()),
                            false);
    }
    if (!fs::is_directory(status)) {
        program_broke_contract(fmt::format("the program named product {} in output_info.yaml but wrote no folder {}",
                                           folder.filename().string(), folder.string()));
    }
}

std::optional<fs::path> quicklook_of(fs::path const& folder) {
    auto const file = folder / "thumbnail.png";
    std::error_code error;
    auto const status = fs::symlink_status(file, error);
    if (fs::is_symlink(status)) {
        throw WorkerFailure(FailureKind::internal, std::string(unsafe_output_subtype),
                            fmt::format("{} is a symbolic link: the worker reads no link a program leaves",
                                        file.string()),
                            false);
    }
    if (!fs::is_regular_file(status)) return std::nullopt;
    return file;
}

std::vector<std::string> intermediate_products(fs::path const& data) {
    std::vector<std::string> names;
    std::error_code error;
    for (fs::directory_iterator it(data, error), end; !error && it != end; it.increment(error)) {
        auto name = it->path().filename().string();
        if (name.starts_with("GFSC1_")) names.push_back(std::move(name));
    }
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

std::string gfsc_output_product_title(std::string_view output_info_yaml) {
    std::optional<std::string> title;
    std::size_t start = 0;
    while (start <= output_info_yaml.size()) {
        auto end = output_info_yaml.find('\n', start);
        if (end == std::string_view::npos) end = output_info_yaml.size();
        auto line = output_info_yaml.substr(start, end - start);
        if (line.ends_with('\r')) line.remove_suffix(1);
        start = end + 1;
        if (!line.starts_with(title_key)) continue;  // another key, or indented: a nested one
        if (title) throw InputError("product_title is given twice");
        title = scalar_of(line.substr(title_key.size()));
    }
    if (!title) throw InputError("no top-level product_title");
    return *title;
}

GfscProgramOutput read_gfsc_program_output(std::filesystem::path const& outputs_data_folder) {
    auto const info_file = outputs_data_folder / "output_info.yaml";
    auto const info = read_program_file(info_file, std::string(unrecoverable_subtype));
    GfscProgramOutput output;
    try {
        output.product_id = gfsc_output_product_title(info);
        output.id_parts = parse_gfsc_id(output.product_id);
    } catch (InputError const& error) {
        program_broke_contract(fmt::format("{}: {}", info_file.string(), error.what()));
    }
    output.product_folder = outputs_data_folder / output.product_id;
    check_product_folder(output.product_folder);
    read_infos(output);
    output.quicklook = quicklook_of(output.product_folder);
    output.intermediate_products = intermediate_products(outputs_data_folder);
    return output;
}

}  // namespace hrsi::jobs
