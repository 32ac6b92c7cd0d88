// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/util/time.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace hrsi::util {

// Makes UUIDs of version 7 (RFC 9562: 48 bits of Unix time in milliseconds, then 74 random
// bits) in their text form. Time-ordered ids keep an index on them growing at its end instead
// of touching a random page per insertion; the random part comes from the kernel
// (getrandom), fetched for many ids at once.
class UuidV7Generator {
public:
    // "018f2e3c-7a41-7b2e-9c4d-1f2a3b4c5d6e" for `time` (its milliseconds).
    [[nodiscard]] std::string next(TimePoint time);

private:
    static constexpr std::size_t random_bytes_per_id = 10;
    std::vector<std::byte> m_random;
    std::size_t m_used = 0;
};

}  // namespace hrsi::util
