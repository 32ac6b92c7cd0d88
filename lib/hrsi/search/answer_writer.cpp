// SPDX-License-Identifier: Apache-2.0
#include <hrsi/search/answer_writer.hpp>

#include <hrsi/error.hpp>

namespace hrsi::search {

AnswerWriter::AnswerWriter(CatalogueKind kind, std::ostream* stream) : m_stream(stream) {
    write(kind == CatalogueKind::odata ? "{\"value\":[\n" : "{\"type\":\"FeatureCollection\",\"features\":[\n");
}

AnswerWriter::~AnswerWriter() {
    if (m_stream != nullptr && !m_finished) {
        try {
            *m_stream << "\n!! hrsi-search failed: this answer is incomplete\n";
            m_stream->flush();
        } catch (...) {  // nothing more to do for a stream that fails too
        }
    }
}

void AnswerWriter::write(std::string_view text) {
    if (m_stream != nullptr) {
        m_stream->write(text.data(), static_cast<std::streamsize>(text.size()));
    } else {
        m_spool.write(text);
    }
}

void AnswerWriter::add(std::string_view item_json) {
    if (m_products > 0) {
        write(",\n");
    }
    write(item_json);
    ++m_products;
}

void AnswerWriter::end_page() {
    if (m_stream != nullptr && !m_stream->flush()) {
        throw InternalError("cannot write the answer to stdout (closed pipe or full disk?)");
    }
}

void AnswerWriter::finish(std::ostream& out) {
    write("\n]}\n");
    if (m_stream == nullptr) {
        m_spool.copy_to(out);
    }
    m_finished = true;
    out.flush();
    if (!out) {
        throw InternalError("cannot write the answer to stdout (closed pipe or full disk?)");
    }
}

}  // namespace hrsi::search
