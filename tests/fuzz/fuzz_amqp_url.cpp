// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: AMQP URL parsing and the description of what parsed. Bad URLs end in
// hrsi::Error, never in a crash.
#include <hrsi/amqp/url.hpp>
#include <hrsi/error.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    try {
        (void)hrsi::amqp::Url::parse(text).describe();
    } catch (hrsi::Error const&) {
    }
    return 0;
}
