// SPDX-License-Identifier: Apache-2.0
#include <hrsi/catalogue/chunked_reader.hpp>

namespace hrsi::catalogue {
namespace {

// Thrown inside the reading thread when the consumer went away: ends read_catalogue.
struct ReadingStopped {};

constexpr std::size_t chunks_read_ahead = 2;

}  // namespace

ChunkedReader::ChunkedReader(std::istream& input, Format format, std::size_t chunk_size,
                             std::function<void(std::int64_t)> on_read)
    : m_thread([this, &input, format, chunk_size, on_read = std::move(on_read)] {
          read(input, format, chunk_size, on_read);
      }) {}

ChunkedReader::~ChunkedReader() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void ChunkedReader::hand_over(Chunk&& chunk) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_stopping || m_ready.size() < chunks_read_ahead; });
    if (m_stopping) {
        throw ReadingStopped{};
    }
    m_ready.push_back(std::move(chunk));
    m_changed.notify_all();
}

void ChunkedReader::read(std::istream& input, Format format, std::size_t chunk_size,
                         std::function<void(std::int64_t)> const& on_read) {
    try {
        Chunk filling;
        std::int64_t count = 0;
        auto summary = read_catalogue(input, format, [&](CatalogueProduct&& product) {
            if (m_stopping) {
                throw ReadingStopped{};
            }
            filling.products.push_back(std::move(product));
            if (filling.products.size() >= chunk_size) {
                hand_over(std::move(filling));
                filling = Chunk{};
            }
            if (on_read) on_read(++count);
        });
        if (!filling.products.empty()) {
            hand_over(std::move(filling));
        }
        std::lock_guard lock(m_mutex);
        m_summary = summary;
        m_done = true;
    } catch (ReadingStopped const&) {
        std::lock_guard lock(m_mutex);
        m_done = true;
    } catch (...) {
        std::lock_guard lock(m_mutex);
        m_error = std::current_exception();
        m_done = true;
    }
    m_changed.notify_all();
}

std::optional<ChunkedReader::Chunk> ChunkedReader::next() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_ready.empty() || m_done; });
    if (!m_ready.empty()) {
        auto chunk = std::move(m_ready.front());
        m_ready.pop_front();
        m_changed.notify_all();
        return chunk;
    }
    if (m_error) {
        std::rethrow_exception(m_error);
    }
    return std::nullopt;
}

ReadSummary ChunkedReader::summary() const {
    std::lock_guard lock(m_mutex);
    return m_summary;
}

}  // namespace hrsi::catalogue
