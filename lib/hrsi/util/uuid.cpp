// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/uuid.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace hrsi::util {
namespace {

constexpr std::size_t ids_per_refill = 4096;

void fill_random(std::vector<std::byte>& buffer) {
    std::size_t filled = 0;
    while (filled < buffer.size()) {
        auto got = ::getrandom(buffer.data() + filled, buffer.size() - filled, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            throw InternalError(fmt::format("getrandom failed: {}", std::strerror(errno)));
        }
        filled += static_cast<std::size_t>(got);
    }
}

}  // namespace

std::string UuidV7Generator::next(TimePoint time) {
    if (m_used + random_bytes_per_id > m_random.size()) {
        m_random.resize(ids_per_refill * random_bytes_per_id);
        fill_random(m_random);
        m_used = 0;
    }
    auto const* random = m_random.data() + m_used;
    m_used += random_bytes_per_id;

    auto const millis = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count());
    std::array<std::uint8_t, 16> bytes{};
    for (int i = 0; i < 6; ++i) {
        bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(millis >> (8 * (5 - i)));
    }
    for (std::size_t i = 0; i < random_bytes_per_id; ++i) {
        bytes[6 + i] = static_cast<std::uint8_t>(random[i]);
    }
    bytes[6] = static_cast<std::uint8_t>(0x70 | (bytes[6] & 0x0f));  // version 7
    bytes[8] = static_cast<std::uint8_t>(0x80 | (bytes[8] & 0x3f));  // variant 10

    static constexpr char hex[] = "0123456789abcdef";
    std::string text;
    text.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
        text += hex[bytes[i] >> 4];
        text += hex[bytes[i] & 0x0f];
    }
    return text;
}

}  // namespace hrsi::util
