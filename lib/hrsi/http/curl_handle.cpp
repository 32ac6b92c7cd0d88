// SPDX-License-Identifier: Apache-2.0
#include <hrsi/http/curl_handle.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

namespace hrsi::http {

GlobalInit::GlobalInit() {
    if (auto code = curl_global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
        throw InternalError(fmt::format("libcurl cannot start: {}", curl_easy_strerror(code)));
    }
}

GlobalInit::~GlobalInit() { curl_global_cleanup(); }

EasyHandle::EasyHandle() : m_handle(curl_easy_init()) {
    if (!m_handle) {
        throw InternalError("libcurl cannot make an easy handle (out of memory?)");
    }
}

void HeaderList::append(std::string const& header) {
    curl_slist* list = curl_slist_append(m_list.get(), header.c_str());
    if (list == nullptr) {
        throw InternalError("libcurl cannot add a request header (out of memory?)");
    }
    (void)m_list.release();  // curl_slist_append returned the same list, now longer
    m_list.reset(list);
}

std::string escape(std::string const& text) {
    struct Free {
        void operator()(char* p) const noexcept { curl_free(p); }
    };
    std::unique_ptr<char, Free> escaped(curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size())));
    if (!escaped) {
        throw InternalError("libcurl cannot escape a URL parameter (out of memory?)");
    }
    return escaped.get();
}

}  // namespace hrsi::http
