// SPDX-License-Identifier: Apache-2.0
#include <hrsi/search/search.hpp>

#include <hrsi/error.hpp>
#include <hrsi/search/catalogue_page.hpp>
#include <hrsi/util/progress.hpp>

#include <fmt/format.h>

#include <chrono>
#include <optional>
#include <unordered_set>

namespace hrsi::search {
namespace {

// Which products were written lately: those of the last two pages (an offset page can repeat
// the end of the one before when the catalogue moved) and every one at the newest publication
// time (a split window starts again at that time). Bounded by two pages plus one instant.
class RecentProducts {
public:
    [[nodiscard]] bool contains(std::string const& id) const {
        return m_page.contains(id) || m_previous.contains(id) || m_at_last_time.contains(id);
    }
    void next_page() {
        m_previous = std::move(m_page);
        m_page.clear();
    }
    void add(std::string const& id, util::TimePoint published) {
        m_page.insert(id);
        if (!m_last_time || published > *m_last_time) {
            m_at_last_time.clear();
            m_last_time = published;
        }
        m_at_last_time.insert(id);
    }
    [[nodiscard]] std::optional<util::TimePoint> last_time() const { return m_last_time; }

private:
    std::unordered_set<std::string> m_page;
    std::unordered_set<std::string> m_previous;
    std::unordered_set<std::string> m_at_last_time;
    std::optional<util::TimePoint> m_last_time;
};

struct PageCounts {
    std::int64_t written = 0;
    std::int64_t repeated = 0;
};

PageCounts write_page(CataloguePage const& page, RecentProducts& recent, AnswerWriter& out,
                      std::string const& where) {
    PageCounts counts;
    recent.next_page();
    for (auto const& item : page.items) {
        if (recent.contains(item.id)) {
            ++counts.repeated;
            continue;
        }
        if (auto last = recent.last_time(); last && item.published < *last) {
            throw InputError(fmt::format(
                "{}: {} published {} comes after a product published {}: the catalogue does not "
                "answer in publication order, which hrsi-create-jobs needs",
                where, item.id, util::format_rfc3339(item.published), util::format_rfc3339(*last)));
        }
        out.add(item.json);
        recent.add(item.id, item.published);
        ++counts.written;
    }
    return counts;
}

}  // namespace

SearchSummary run_search(SearchQuery query, long long max_skip, http::RetryingClient& client,
                         AnswerWriter& out, util::Log const& log) {
    SearchSummary summary;
    RecentProducts recent;
    util::Progress progress(log, "searching", "products");
    auto request = first_request(query);
    long long skip = 0;  // products of this (sub-)window read so far: the next page's offset
    int resto_page = 1;
    for (;;) {
        auto where = fmt::format("page {} ({})", summary.pages + 1, request.url);
        auto started = std::chrono::steady_clock::now();
        auto response = client.fetch(request);
        auto page = parse_page(query.kind, response.body, request, where);
        auto counts = write_page(page, recent, out, where);
        out.end_page();
        ++summary.pages;
        summary.products += counts.written;
        summary.duplicates += counts.repeated;
        progress.update(summary.products);
        log.debug("page {}: {} product(s), {} new{}, {:.2f} s, {} byte(s)", summary.pages, page.items.size(),
                  counts.written,
                  page.items.empty() ? std::string()
                                     : fmt::format(", published {} to {}",
                                                   util::format_rfc3339(page.items.front().published),
                                                   util::format_rfc3339(page.items.back().published)),
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                  response.body.size());
        if (page.items.empty() || page.says_empty) {
            break;
        }
        skip += static_cast<long long>(page.items.size());
        auto next = page.next;
        if (!next && query.kind == CatalogueKind::resto && !page.has_links &&
            page.items.size() >= static_cast<std::size_t>(query.page_size)) {
            next = resto_page_request(query, ++resto_page);
        }
        if (!next) {
            break;
        }
        if (max_skip > 0 && skip > max_skip) {
            auto from = *recent.last_time();
            if (from <= query.since) {
                throw InputError(fmt::format(
                    "more than {} products published at {}: the catalogue cannot page that deep and the "
                    "window cannot be split there; raise --max-skip if the catalogue allows it",
                    max_skip, util::format_rfc3339(from)));
            }
            log.debug("{} products read at offsets: the rest of the window asked for from {}", skip,
                      util::format_rfc3339(from));
            query.since = from;
            request = first_request(query);
            skip = 0;
            resto_page = 1;
            ++summary.splits;
            continue;
        }
        request = *next;
    }
    return summary;
}

}  // namespace hrsi::search
