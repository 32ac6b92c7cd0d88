// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the catalogue reader, each format. The first byte picks the format
// (automatic, odata, resto, stac, list); the rest is the catalogue answer. Bad input must end
// in hrsi::Error (InputError), never in a crash, a hang or another exception.
#include <hrsi/catalogue/catalogue_product.hpp>
#include <hrsi/error.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using hrsi::catalogue::Format;
    if (size == 0) return 0;
    constexpr Format formats[] = {Format::automatic, Format::odata, Format::resto, Format::stac, Format::list};
    auto const format = formats[data[0] % 5];
    std::istringstream in(std::string(reinterpret_cast<char const*>(data) + 1, size - 1));
    try {
        std::size_t names = 0;
        (void)hrsi::catalogue::read_catalogue(in, format, [&](hrsi::catalogue::CatalogueProduct&& product) {
            names += product.name.size() + product.path.size();
        });
    } catch (hrsi::Error const&) {
    }
    return 0;
}
