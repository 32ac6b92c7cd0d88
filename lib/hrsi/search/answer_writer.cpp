// SPDX-License-Identifier: Apache-2.0
#include <hrsi/search/answer_writer.hpp>

#include <hrsi/error.hpp>

namespace hrsi::search {

AnswerWriter::AnswerWriter(CatalogueKind kind) : m_kind(kind) {
    m_spool.write(kind == CatalogueKind::odata ? "{\"value\":[\n"
                                               : "{\"type\":\"FeatureCollection\",\"features\":[\n");
}

void AnswerWriter::add(std::string_view item_json) {
    if (m_products > 0) {
        m_spool.write(",\n");
    }
    m_spool.write(item_json);
    ++m_products;
}

void AnswerWriter::finish(std::ostream& out) {
    m_spool.write("\n]}\n");
    m_spool.copy_to(out);
    out.flush();
    if (!out) {
        throw InternalError("cannot write the answer to stdout (closed pipe or full disk?)");
    }
}

}  // namespace hrsi::search
