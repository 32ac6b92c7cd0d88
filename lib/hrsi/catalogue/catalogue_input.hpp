// SPDX-License-Identifier: Apache-2.0
// Internal to lib/hrsi/catalogue: the buffered input the format readers share, and the readers.
#pragma once

#include <hrsi/catalogue/catalogue_product.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>

namespace hrsi::catalogue::detail {

// A character stream over a std::istream, read in blocks of `block_size` bytes, with
// RapidJSON's stream interface (Peek/Take/Tell): reading a character is an inline buffer access,
// not a call into the istream. A leading UTF-8 byte order mark is skipped (Tell() counts it).
// Peek() is '\0' at the end of the input; at_end() tells the end from a NUL byte.
// Throws InputError when the istream reports a read error (badbit).
class InputBuffer {
public:
    using Ch = char;

    explicit InputBuffer(std::istream& in, std::size_t block_size = 64 * 1024);

    [[nodiscard]] Ch Peek() const { return m_buffer[m_pos]; }
    Ch Take() {
        Ch c = m_buffer[m_pos];
        if (m_pos < m_last) {
            ++m_pos;
        } else if (!m_eof) {
            refill();
        }
        return c;
    }
    // Bytes taken since the start of the input.
    [[nodiscard]] std::size_t Tell() const { return m_consumed + m_pos; }
    [[nodiscard]] bool at_end() const { return m_eof && m_pos == m_last; }

    // The write half of RapidJSON's stream concept; a reading stream never gets these calls.
    Ch* PutBegin() { return nullptr; }
    void Put(Ch) {}
    void Flush() {}
    std::size_t PutEnd(Ch*) { return 0; }

private:
    void refill();

    std::istream& m_in;
    std::size_t m_size;
    std::unique_ptr<char[]> m_buffer;  // m_size bytes plus a '\0' after the last block
    std::size_t m_pos = 0;             // the current character
    std::size_t m_last = 0;            // the last character of the block (or the '\0' at the end)
    std::size_t m_read = 0;            // bytes in the block
    std::size_t m_consumed = 0;        // bytes of the blocks before this one
    bool m_eof = false;
};

using ProductCallback = std::function<void(CatalogueProduct&&)>;

// Reads a JSON catalogue answer (OData, resto/Finder or STAC) from `input`, positioned on the
// first '{' or '['. `format` is automatic, odata, resto or stac.
ReadSummary read_json(InputBuffer& input, Format format, ProductCallback const& on_product);

// Reads a plain list from `input`, whose current line is line number `first_line`.
ReadSummary read_list(InputBuffer& input, std::int64_t first_line,
                      ProductCallback const& on_product);

}  // namespace hrsi::catalogue::detail
