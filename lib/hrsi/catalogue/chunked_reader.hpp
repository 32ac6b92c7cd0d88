// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/catalogue/catalogue_product.hpp>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <istream>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace hrsi::catalogue {

// Reads a catalogue answer (read_catalogue) on a thread of its own and hands its products
// over in chunks, so that parsing the next chunk overlaps with the work on this one. At most
// two chunks wait, read ahead: memory stays bounded whatever the input size.
class ChunkedReader {
public:
    struct Chunk {
        std::vector<CatalogueProduct> products;  // at most chunk_size, at least one
    };

    // `on_read` is called on the reading thread with the count of products read so far.
    ChunkedReader(std::istream& input, Format format, std::size_t chunk_size,
                  std::function<void(std::int64_t)> on_read = {});
    ChunkedReader(ChunkedReader const&) = delete;
    ChunkedReader& operator=(ChunkedReader const&) = delete;
    // Stops the reading (if it goes on) and waits for the thread: at once, or, when the thread
    // waits for input from a pipe, once the next product or the end of the input arrives.
    ~ChunkedReader();

    // The next chunk, waiting for it; nothing after the last. Throws what the reading threw
    // (InputError for input that is not a catalogue answer), once the chunks before are taken.
    std::optional<Chunk> next();
    // The format read and the number of products, once next() returned nothing.
    [[nodiscard]] ReadSummary summary() const;

private:
    void read(std::istream& input, Format format, std::size_t chunk_size,
              std::function<void(std::int64_t)> const& on_read);
    void hand_over(Chunk&& chunk);

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Chunk> m_ready;
    bool m_done = false;          // the reading ended (all chunks handed over, or an error)
    std::atomic<bool> m_stopping = false;  // the consumer went away: stop reading
    std::exception_ptr m_error;
    ReadSummary m_summary;
    std::thread m_thread;         // last: started once the members above exist
};

}  // namespace hrsi::catalogue
