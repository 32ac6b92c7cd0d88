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
// {"type":"FeatureCollection","features":[…]} for resto and STAC. The answer is held in an
// anonymous temporary file (memory stays flat) and reaches `out` only in finish(), once the
// last page is in: a run that fails writes nothing at all.
class AnswerWriter {
public:
    explicit AnswerWriter(CatalogueKind kind);
    void add(std::string_view item_json);
    // Closes the answer and copies it to `out`, flushed. Throws InternalError when `out` fails
    // (a closed pipe, a full disk).
    void finish(std::ostream& out);
    [[nodiscard]] std::int64_t products() const noexcept { return m_products; }

private:
    CatalogueKind m_kind;
    util::Spool m_spool;
    std::int64_t m_products = 0;
};

}  // namespace hrsi::search
