// SPDX-License-Identifier: Apache-2.0
#include <hrsi/catalogue/product_checks.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

namespace hrsi::catalogue {
namespace {

bool is_control(char c) {
    auto const byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
}

char const* control_name(char c) {
    switch (c) {
    case '\t': return "a tab";
    case '\n': return "a line feed";
    case '\r': return "a carriage return";
    case '\0': return "a NUL byte";
    default: return "a control character";
    }
}

void check_text(CatalogueProduct const& product, std::string_view what, std::string_view text, std::size_t limit) {
    if (text.size() > limit) {
        throw InputError(fmt::format("{}: the product {} '{}' is longer than {} bytes; fix the catalogue answer",
                                     product.source, what, shortened(text), limit));
    }
    for (char c : text) {
        if (is_control(c)) {
            throw InputError(fmt::format("{}: the product {} '{}' contains {}; names and paths must not",
                                         product.source, what, shortened(text), control_name(c)));
        }
    }
}

void check_date(CatalogueProduct const& product, std::string_view what, std::optional<util::TimePoint> date) {
    using namespace std::chrono;
    static auto const first = sys_days(year{1970} / January / 1);
    static auto const last = sys_days(year{10000} / January / 1);
    if (!date || (*date >= first && *date < last)) return;
    auto const day = year_month_day(floor<days>(*date));
    throw InputError(fmt::format("{}: the product's {} (year {}) is outside 1970-01-01 .. 9999-12-31; fix the "
                                 "catalogue answer",
                                 product.source, what, static_cast<int>(day.year())));
}

std::string_view trimmed_slashes(std::string_view text) {
    while (!text.empty() && text.back() == '/') text.remove_suffix(1);
    return text;
}

}  // namespace

std::string shortened(std::string_view text, std::size_t limit) {
    std::string result;
    for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
        char const c = text[i];
        if (c == '\t') {
            result += "\\t";
        } else if (c == '\n') {
            result += "\\n";
        } else if (c == '\r') {
            result += "\\r";
        } else if (is_control(c)) {
            result += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
            result += c;
        }
    }
    if (text.size() > limit) result += fmt::format("… ({} bytes)", text.size());
    return result;
}

bool has_dot_component(std::string_view path) {
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        auto const part = path.substr(start, end - start);
        if (part == "." || part == "..") return true;
        start = end + 1;
    }
    return false;
}

void check_product_form(CatalogueProduct const& product) {
    check_text(product, "name", product.name, max_name_length);
    check_text(product, "path", product.path, max_path_length);
    check_date(product, "publication date", product.published);
    check_date(product, "sensing start", product.sensing_start);
    check_date(product, "sensing end", product.sensing_end);
}

std::optional<std::string> refusal_reason(CatalogueProduct const& product, util::TimePoint now,
                                          std::chrono::minutes tolerance) {
    auto const name = trimmed_slashes(product.name);
    auto const path = trimmed_slashes(product.path);
    auto const label = shortened(product.name.empty() ? product.path : product.name);
    if (has_dot_component(product.path) || has_dot_component(product.name)) {
        return fmt::format("{} ({}): its path '{}' has a '.' or '..' component; a catalogue path names a product "
                           "under the storage root, nothing above it",
                           label, product.source, shortened(product.path));
    }
    if (name.empty() || path.empty() || name.find('/') != std::string_view::npos) {
        return fmt::format("{} ({}): names no product (an empty or root name, path '{}')", label, product.source,
                           shortened(product.path));
    }
    if (product.published && *product.published > now + tolerance) {
        return fmt::format("{} ({}): its publication date {} is in the future (later than now + {} min, system "
                           "parameter publication_date_tolerance_minutes); a catalogue publishes what exists",
                           label, product.source, util::format_rfc3339(*product.published), tolerance.count());
    }
    return std::nullopt;
}

}  // namespace hrsi::catalogue
