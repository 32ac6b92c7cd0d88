// SPDX-License-Identifier: Apache-2.0
#include <hrsi/catalogue/catalogue_product.hpp>

#include <hrsi/catalogue/catalogue_input.hpp>
#include <hrsi/catalogue/product_checks.hpp>
#include <hrsi/error.hpp>

#include <fmt/format.h>

namespace hrsi::catalogue {

namespace detail {

InputBlocks::InputBlocks(std::istream& in, std::size_t block_size)
    : m_in(in), m_size(block_size < 16 ? 16 : block_size), m_data(new char[m_size + 1]) {
    read_next();
}

void InputBlocks::read_next() {
    m_consumed += m_read;
    m_in.read(m_data.get(), static_cast<std::streamsize>(m_size));
    if (m_in.bad()) {
        throw InputError(fmt::format("cannot read the catalogue input after byte {}", m_consumed));
    }
    m_read = static_cast<std::size_t>(m_in.gcount());
    if (m_read < m_size) {
        m_data[m_read] = '\0';
        m_eof = true;
    }
}

InputCursor::InputCursor(InputBlocks& blocks) : m_blocks(&blocks) {
    point_at_block();
    if (blocks.m_consumed == 0 && blocks.m_read >= 3 && m_current[0] == '\xEF' &&
        m_current[1] == '\xBB' && m_current[2] == '\xBF') {
        m_current += 3;  // the block holds more than the mark (size >= 16), or ends at it
    }
}

void InputCursor::next_block() {
    m_blocks->read_next();
    point_at_block();
}

void InputCursor::point_at_block() {
    m_current = m_blocks->m_data.get();
    // At the end, the last character is the '\0' after the data.
    m_last = m_current + m_blocks->m_read - (m_blocks->m_eof ? 0 : 1);
}

}  // namespace detail

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

Format parse_format(std::string_view text) {
    for (auto format :
         {Format::automatic, Format::odata, Format::resto, Format::stac, Format::list}) {
        if (text == format_name(format)) return format;
    }
    throw UsageError(fmt::format(
        "unknown catalogue format '{}'; use auto, odata, resto, stac or list", text));
}

std::string_view format_name(Format format) noexcept {
    switch (format) {
    case Format::automatic: return "auto";
    case Format::odata: return "odata";
    case Format::resto: return "resto";
    case Format::stac: return "stac";
    case Format::list: return "list";
    }
    return "auto";
}

ReadSummary read_catalogue(std::istream& in, Format format,
                           std::function<void(CatalogueProduct&&)> const& given_on_product) {
    // Every format's products are held to the same form before anyone sees them.
    std::function<void(CatalogueProduct&&)> const on_product = [&given_on_product](CatalogueProduct&& product) {
        check_product_form(product);
        given_on_product(std::move(product));
    };
    detail::InputBlocks blocks(in);
    detail::InputCursor input(blocks);
    std::int64_t line = 1;
    while (!input.at_end() && is_space(input.Peek())) {
        if (input.Take() == '\n') ++line;
    }
    if (input.at_end()) return ReadSummary{format, 0};

    char const first = input.Peek();
    bool const json = first == '{' || first == '[';
    switch (format) {
    case Format::automatic:
        return json ? detail::read_json(input, format, on_product)
                    : detail::read_list(input, line, on_product);
    case Format::list:
        if (json) {
            throw InputError(fmt::format(
                "line {}: the input is JSON (it starts with '{}'), not a list of products; "
                "use --format auto",
                line, first));
        }
        return detail::read_list(input, line, on_product);
    case Format::odata:
    case Format::resto:
    case Format::stac:
        if (!json) {
            throw InputError(fmt::format(
                "line {}: the input is not JSON (it does not start with '{{'), but --format {} "
                "reads JSON; use --format list or auto for a list of products",
                line, format_name(format)));
        }
        return detail::read_json(input, format, on_product);
    }
    return ReadSummary{format, 0};
}

}  // namespace hrsi::catalogue
