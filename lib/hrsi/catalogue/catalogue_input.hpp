// SPDX-License-Identifier: Apache-2.0
// Internal to lib/hrsi/catalogue: the buffered input the format readers share, and the readers.
#pragma once

#include <hrsi/catalogue/catalogue_product.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <string_view>

namespace hrsi::catalogue::detail {

// The blocks of an istream, read `block_size` bytes at a time, for InputCursor.
// Throws InputError when the istream reports a read error (badbit).
class InputBlocks {
public:
    explicit InputBlocks(std::istream& in, std::size_t block_size = 64 * 1024);
    InputBlocks(InputBlocks const&) = delete;
    InputBlocks& operator=(InputBlocks const&) = delete;

private:
    friend class InputCursor;
    void read_next();

    std::istream& m_in;
    std::size_t m_size;
    std::unique_ptr<char[]> m_data;  // m_size bytes plus a '\0' after the last block
    std::size_t m_read = 0;          // bytes in the block
    std::size_t m_consumed = 0;      // bytes of the blocks before this one
    bool m_eof = false;
};

// A character stream over InputBlocks with RapidJSON's stream interface (Peek/Take/Tell):
// reading a character is an inline pointer access, not a call into the istream. A leading
// UTF-8 byte order mark is skipped (Tell() counts it). Peek() is '\0' at the end of the
// input; at_end() tells the end from a NUL byte. The blocks must outlive the cursor, and one
// cursor reads them.
class InputCursor {
public:
    using Ch = char;

    explicit InputCursor(InputBlocks& blocks);

    [[nodiscard]] Ch Peek() const { return *m_current; }
    Ch Take() {
        Ch c = *m_current;
        if (m_current < m_last) {
            ++m_current;
        } else if (!m_blocks->m_eof) {
            next_block();
        }
        return c;
    }
    // Bytes taken since the start of the input.
    [[nodiscard]] std::size_t Tell() const {
        return m_blocks->m_consumed + static_cast<std::size_t>(m_current - m_blocks->m_data.get());
    }
    [[nodiscard]] bool at_end() const { return m_blocks->m_eof && m_current == m_last; }

    // The write half of RapidJSON's stream concept; a reading stream never gets these calls.
    Ch* PutBegin() { return nullptr; }
    void Put(Ch) {}
    void Flush() {}
    std::size_t PutEnd(Ch*) { return 0; }

private:
    void next_block();
    void point_at_block();

    InputBlocks* m_blocks;
    char const* m_current = nullptr;  // the current character
    char const* m_last = nullptr;     // the block's last character (or the '\0' at the end)
};

using ProductCallback = std::function<void(CatalogueProduct&&)>;

// Reads a JSON catalogue answer (OData, resto/Finder or STAC) from `input`, positioned on the
// first '{' or '['. `format` is automatic, odata, resto or stac.
ReadSummary read_json(InputCursor& input, Format format, ProductCallback const& on_product);

// Reads a plain list from `input`, whose current line is line number `first_line`.
ReadSummary read_list(InputCursor& input, std::int64_t first_line,
                      ProductCallback const& on_product);

}  // namespace hrsi::catalogue::detail
