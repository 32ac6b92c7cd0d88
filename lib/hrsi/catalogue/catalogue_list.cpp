// SPDX-License-Identifier: Apache-2.0
// The plain list: one product name or path per line, '#' starts a comment.
#include <hrsi/catalogue/catalogue_input.hpp>

#include <hrsi/error.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace hrsi::catalogue::detail {
namespace {

// Longer lines are not product paths; refusing them keeps memory bounded on binary input.
constexpr std::size_t max_line_length = 64 * 1024;


}  // namespace

ReadSummary read_list(InputCursor& input, std::int64_t first_line,
                      ProductCallback const& on_product) {
    ReadSummary summary{Format::list, 0};
    std::string line;
    line.reserve(512);
    for (std::int64_t number = first_line; !input.at_end(); ++number) {
        line.clear();
        while (!input.at_end()) {
            char const c = input.Take();
            if (c == '\n') break;
            if (c == '\0') {
                throw InputError(fmt::format(
                    "line {}: contains a NUL byte; the input is not a text list of products",
                    number));
            }
            if (line.size() == max_line_length) {
                throw InputError(fmt::format(
                    "line {}: longer than {} bytes; the input is not a list of products",
                    number, max_line_length));
            }
            line.push_back(c);
        }
        std::string_view text = line;
        if (auto const hash = text.find('#'); hash != std::string_view::npos) {
            text = text.substr(0, hash);
        }
        text = util::trimmed(text);
        if (text.empty()) continue;

        CatalogueProduct product;
        product.name = util::last_component(text);
        if (product.name.empty()) {
            throw InputError(fmt::format("line {}: '{}' names no product", number, text));
        }
        product.path = text;
        product.source = fmt::format("line {}", number);
        on_product(std::move(product));
        ++summary.products;
    }
    return summary;
}

}  // namespace hrsi::catalogue::detail
