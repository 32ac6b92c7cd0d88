// SPDX-License-Identifier: Apache-2.0
// The catalogue read on a thread of its own, handed over in chunks.
#include <hrsi/catalogue/chunked_reader.hpp>
#include <hrsi/error.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <streambuf>
#include <thread>
#include <string>
#include <vector>

using hrsi::catalogue::ChunkedReader;
using hrsi::catalogue::Format;

namespace {

std::string product_list(int count) {
    std::string text;
    for (int i = 0; i < count; ++i) {
        text += fmt::format("/eodata/product-{:06}\n", i);
    }
    return text;
}

struct Taken {
    std::vector<std::size_t> sizes;
    std::vector<std::string> names;
};

Taken take_all(ChunkedReader& reader) {
    Taken taken;
    while (auto chunk = reader.next()) {
        taken.sizes.push_back(chunk->products.size());
        for (auto const& product : chunk->products) taken.names.push_back(product.name);
    }
    return taken;
}

}  // namespace

TEST_CASE("chunked reader: every product once, in order, in chunks", "[catalogue]") {
    std::istringstream in(product_list(10));
    std::vector<std::int64_t> counts;
    ChunkedReader reader(in, Format::automatic, 3, [&](std::int64_t count) { counts.push_back(count); });
    auto taken = take_all(reader);
    CHECK(taken.sizes == std::vector<std::size_t>{3, 3, 3, 1});
    REQUIRE(taken.names.size() == 10);
    for (int i = 0; i < 10; ++i) CHECK(taken.names[static_cast<std::size_t>(i)] == fmt::format("product-{:06}", i));
    CHECK(reader.summary().products == 10);
    CHECK(reader.summary().format == Format::list);
    CHECK(counts.size() == 10);
    CHECK(counts.back() == 10);
    CHECK_FALSE(reader.next().has_value());  // and it stays done
}

TEST_CASE("chunked reader: an input of whole chunks ends with a full chunk, no empty one", "[catalogue]") {
    std::istringstream in(product_list(6));
    ChunkedReader reader(in, Format::list, 3);
    auto taken = take_all(reader);
    CHECK(taken.sizes == std::vector<std::size_t>{3, 3});
    CHECK(taken.names.size() == 6);
}

TEST_CASE("chunked reader: an empty input is no chunk at all", "[catalogue]") {
    std::istringstream in("  \n# only a comment\n");
    ChunkedReader reader(in, Format::automatic, 3);
    CHECK_FALSE(reader.next().has_value());
    CHECK(reader.summary().products == 0);
}

TEST_CASE("chunked reader: broken input ends in its error, after none but the products before it", "[catalogue]") {
    std::istringstream in(R"({"value":[{"Name":"A.SAFE"},{"Name":"B.SAFE"},{"Name":)");
    ChunkedReader reader(in, Format::automatic, 1);
    std::vector<std::string> names;
    bool failed = false;
    try {
        while (auto chunk = reader.next()) {
            for (auto const& product : chunk->products) names.push_back(product.name);
        }
    } catch (hrsi::InputError const& e) {
        failed = true;
        CHECK_THAT(e.what(), Catch::Contains("broken JSON"));
    }
    CHECK(failed);
    CHECK(names.size() <= 2);
    for (std::size_t i = 0; i < names.size(); ++i) CHECK(names[i] == (i == 0 ? "A.SAFE" : "B.SAFE"));
}

TEST_CASE("chunked reader: dropped before the end, it stops reading and its thread ends", "[catalogue]") {
    std::string const big = product_list(200000);
    std::istringstream in(big);
    {
        ChunkedReader reader(in, Format::list, 100);
        auto first = reader.next();
        REQUIRE(first.has_value());
        CHECK(first->products.size() == 100);
    }  // the destructor stops the reading thread and joins it
    // It read ahead a few chunks, not the whole input (at the end, tellg() would fail: -1).
    auto const position = static_cast<std::streamoff>(in.tellg());
    CHECK(position > 0);
    CHECK(position < static_cast<std::streamoff>(big.size()));
}

namespace {

// A slow input (a stalled pipe, a slow download): one line per read, after a pause.
class SlowLines : public std::streambuf {
public:
    explicit SlowLines(int lines) : m_lines(lines) {}

protected:
    int_type underflow() override {
        if (m_served == m_lines) return traits_type::eof();
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        m_line = fmt::format("/eodata/product-{:06}\n", m_served++);
        setg(m_line.data(), m_line.data(), m_line.data() + m_line.size());
        return traits_type::to_int_type(m_line[0]);
    }

private:
    int m_lines;
    int m_served = 0;
    std::string m_line;
};

}  // namespace

TEST_CASE("chunked reader: a consumer that goes away stops the reading at the next product, "
          "not at the end of the chunk",
          "[catalogue]") {
    constexpr int lines = 20000;  // 20 s at least to read whole
    SlowLines slow(lines);
    std::istream in(&slow);
    std::atomic<std::int64_t> read{0};
    {
        ChunkedReader reader(in, Format::list, 1000000, [&](std::int64_t count) { read = count; });
        while (read == 0) std::this_thread::yield();
    }  // the consumer fails here, with no chunk taken
    CHECK(read > 0);
    CHECK(read < lines / 2);
}
