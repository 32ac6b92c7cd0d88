// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/search/catalogue_kind.hpp>
#include <hrsi/util/spool.hpp>

#include <cstdint>
#include <ostream>
#include <string_view>

namespace hrsi::search {

// The products of all pages as one catalogue answer of the kind's own form, which
// hrsi-create-jobs reads as one input: {"value":[…]} for odata, a GeoJSON FeatureCollection
// {"type":"FeatureCollection","features":[…]} for resto and STAC.
// Spooled (no `stream`): the answer is held in an anonymous temporary file (memory stays flat)
// and reaches `out` only in finish(), once the last page is in: a run that fails writes
// nothing at all.
// Streamed: each page goes to `stream` as it comes (flushed by end_page()); an answer that is
// not finished when the writer goes away gets no closing bracket and a last line saying it is
// incomplete, so that a reader of JSON refuses it as a whole.
class AnswerWriter {
public:
    explicit AnswerWriter(CatalogueKind kind, std::ostream* stream = nullptr);
    AnswerWriter(AnswerWriter const&) = delete;
    AnswerWriter& operator=(AnswerWriter const&) = delete;
    ~AnswerWriter();
    void add(std::string_view item_json);
    // Streamed: flushes what the page added. Throws InternalError when the stream fails.
    void end_page();
    // Closes the answer and copies it to `out` (streamed: closes it on the stream), flushed.
    // Throws InternalError when `out` fails (a closed pipe, a full disk).
    void finish(std::ostream& out);
    [[nodiscard]] std::int64_t products() const noexcept { return m_products; }

private:
    void write(std::string_view text);

    std::ostream* m_stream;
    util::Spool m_spool;
    std::int64_t m_products = 0;
    bool m_finished = false;
};

}  // namespace hrsi::search
