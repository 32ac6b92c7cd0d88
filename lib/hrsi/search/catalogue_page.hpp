// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/http/client.hpp>
#include <hrsi/search/catalogue_kind.hpp>
#include <hrsi/util/time.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hrsi::search {

// One product of a page: its identity, its publication, and its JSON as the catalogue sent it.
struct PageItem {
    std::string id;         // odata Name (else Id); resto/STAC feature id (else productIdentifier)
    util::TimePoint published;
    std::string json;       // the item, re-serialized compactly
};

struct CataloguePage {
    std::vector<PageItem> items;
    std::optional<http::Request> next;   // the catalogue's own next link
    bool says_empty = false;             // resto: properties.itemsPerPage == 0
    bool has_links = false;              // resto: the answer has properties.links (so no next
                                         // link means the last page)
};

// Reads one page of a catalogue answer. `request` is the request that got it (a STAC POST next
// link with "merge" merges into its body). Throws InputError naming `where` and what is wrong:
// not JSON (a truncated page), no value[]/features[] array, an item without identity or
// publication date (odata PublicationDate; resto properties.published; STAC
// properties.published, else properties.created).
[[nodiscard]] CataloguePage parse_page(CatalogueKind kind, std::string const& body,
                                       http::Request const& request, std::string const& where);

}  // namespace hrsi::search
