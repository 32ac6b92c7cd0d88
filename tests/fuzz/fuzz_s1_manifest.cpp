// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: a Sentinel-1 manifest.safe (pugixml, then the fields the slice assembly
// reads). Bad manifests end in hrsi::Error, never in a crash.
#include <hrsi/error.hpp>
#include <hrsi/sentinel1/manifest.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    try {
        auto const manifest = hrsi::sentinel1::parse_manifest(text, "fuzz");
        (void)hrsi::sentinel1::footprint_wkt(manifest);
    } catch (hrsi::Error const&) {
    }
    return 0;
}
