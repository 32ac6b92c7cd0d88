// SPDX-License-Identifier: Apache-2.0
#pragma once

// What every catalogue product is held to, whatever the job type: its form when it is read
// (a malformed answer, exit 65), and whether creation takes it (a refusal with its reason).

#include <hrsi/catalogue/catalogue_product.hpp>
#include <hrsi/util/time.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace hrsi::catalogue {

inline constexpr std::size_t max_name_length = 256;   // ESA names are about 80 bytes
inline constexpr std::size_t max_path_length = 4096;  // PATH_MAX

// `text` for a message: at most `limit` bytes of it, control characters written as \t, \n,
// \r, \xNN, and "… (N bytes)" when it was cut.
[[nodiscard]] std::string shortened(std::string_view text, std::size_t limit = 80);

// Throws InputError (naming the product's source, the name shortened) for a name or path
// longer than the limits above, a name or path holding a control character (tab, CR, LF, NUL,
// DEL, ...), or a date outside 1970-01-01 .. 9999-12-31.
void check_product_form(CatalogueProduct const& product);

// Why creation refuses the product, or nothing: a path with a "." or ".." component, a root
// or empty name (the storage root itself, "/", "."), or a publication date later than
// `now + tolerance` (clock skew between the catalogue and this host).
[[nodiscard]] std::optional<std::string> refusal_reason(CatalogueProduct const& product, util::TimePoint now,
                                                        std::chrono::minutes tolerance);

// True when the '/'-separated path has a "." or ".." component.
[[nodiscard]] bool has_dot_component(std::string_view path);

}  // namespace hrsi::catalogue
