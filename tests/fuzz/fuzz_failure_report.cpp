// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the bodies of the indexer's failure reports (queue failed_products), read
// for the product title they name. Any body gives a title or "", never a crash.
#include <hrsi/publish/failure_reports.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string const body(reinterpret_cast<char const*>(data), size);
    (void)hrsi::publish::reported_title(body);
    return 0;
}
