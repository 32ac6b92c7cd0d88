// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/http/retry.hpp>
#include <hrsi/search/answer_writer.hpp>
#include <hrsi/search/search_query.hpp>
#include <hrsi/util/log.hpp>

#include <cstdint>

namespace hrsi::search {

struct SearchSummary {
    std::int64_t products = 0;    // written, each once
    std::int64_t pages = 0;
    std::int64_t duplicates = 0;  // products a page repeated (offset paging over a moving catalogue)
    std::int64_t splits = 0;      // sub-windows started to stay within max_skip
};

// Asks the catalogue for every product of `query`, page by page, following its next links
// (resto answers without links: the next page number while pages are full), and hands each product
// once, in publication order, to `out`. Offset paging never goes deeper than `max_skip`
// products (0: no limit): the window is split at the publication time of the last product
// read, and the rest is asked for as a new query from there (products at that very time come
// again and are dropped as duplicates).
// Throws InputError when a page is not a complete answer of the kind (truncated, malformed),
// when products come out of publication order, or when more than `max_skip` products share
// one publication time; the errors of RetryingClient::fetch otherwise.
SearchSummary run_search(SearchQuery query, long long max_skip, http::RetryingClient& client,
                         AnswerWriter& out, util::Log const& log);

}  // namespace hrsi::search
