// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the product-name parsers (Sentinel-1, Sentinel-2 L1C, HR-S&I products, and
// the generic one), on a name or path. Bad names end in hrsi::Error, never in a crash.
#include <hrsi/error.hpp>
#include <hrsi/products/product_id.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

template <typename Parse>
void attempt(Parse const& parse) {
    try {
        parse();
    } catch (hrsi::Error const&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const text(reinterpret_cast<char const*>(data), size);
    attempt([&] { (void)hrsi::products::product_name_of(text); });
    attempt([&] { (void)hrsi::products::product_id_of(hrsi::products::parse_product(text)); });
    attempt([&] { (void)hrsi::products::parse_sentinel2_l1c(text); });
    attempt([&] { (void)hrsi::products::parse_sentinel1(text); });
    attempt([&] { (void)hrsi::products::parse_hrsi_product(text); });
    return 0;
}
