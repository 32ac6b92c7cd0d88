// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

namespace hrsi::http {

// libcurl's process-wide set-up (curl_global_init / curl_global_cleanup). A program makes one
// in main, before any thread starts, and keeps it until the end. Throws InternalError.
class GlobalInit {
public:
    GlobalInit();
    GlobalInit(GlobalInit const&) = delete;
    GlobalInit& operator=(GlobalInit const&) = delete;
    ~GlobalInit();
};

// One libcurl easy handle (curl_easy_cleanup). Move-only; reused for every request of a
// session, so connections are kept alive between pages.
class EasyHandle {
public:
    EasyHandle();  // throws InternalError when libcurl cannot make one
    [[nodiscard]] CURL* get() const noexcept { return m_handle.get(); }
    explicit operator bool() const noexcept { return static_cast<bool>(m_handle); }

private:
    struct Cleanup {
        void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
    };
    std::unique_ptr<CURL, Cleanup> m_handle;
};

// A list of request headers (curl_slist_free_all).
class HeaderList {
public:
    void append(std::string const& header);  // throws InternalError when out of memory
    [[nodiscard]] curl_slist* get() const noexcept { return m_list.get(); }

private:
    struct Free {
        void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
    };
    std::unique_ptr<curl_slist, Free> m_list;
};

// `text` percent-encoded for a URL query value (curl_easy_escape).
[[nodiscard]] std::string escape(std::string const& text);

}  // namespace hrsi::http
