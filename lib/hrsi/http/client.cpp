// SPDX-License-Identifier: Apache-2.0
#include <hrsi/http/client.hpp>

#include <hrsi/error.hpp>
#include <hrsi/util/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace hrsi::http {
namespace {

struct Transfer {
    Response* response;
    std::size_t max_body;
    bool too_long = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    std::size_t bytes = size * count;
    if (transfer->response->body.size() + bytes > transfer->max_body) {
        transfer->too_long = true;
        return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
    }
    transfer->response->body.append(data, bytes);
    return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* transfer = static_cast<Transfer*>(user);
    std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {
        transfer->response->retry_after.reset();  // a new answer (after a redirect or a 100)
    }
    constexpr std::string_view name = "retry-after:";
    if (line.size() > name.size() &&
        std::equal(name.begin(), name.end(), line.begin(),
                   [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
        transfer->response->retry_after = std::string(util::trimmed(line.substr(name.size())));
    }
    return size * count;
}

TransferFault fault_of(CURLcode code) {
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        return TransferFault::unreachable;
    case CURLE_OPERATION_TIMEDOUT:
        return TransferFault::timeout;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
        return TransferFault::reset;
    default:
        return TransferFault::other;
    }
}

template <typename T>
void set(CURL* handle, CURLoption option, T value) {
    if (auto code = curl_easy_setopt(handle, option, value); code != CURLE_OK) {
        throw InternalError(fmt::format("libcurl refused an option: {}", curl_easy_strerror(code)));
    }
}

}  // namespace

Client::Client(ClientSettings settings) : m_settings(std::move(settings)) {}

Response Client::perform(Request const& request, std::chrono::milliseconds timeout) {
    CURL* handle = m_handle.get();
    curl_easy_reset(handle);
    Response response;
    Transfer transfer{&response, m_settings.max_body_bytes};
    HeaderList headers;
    headers.append("Accept: application/json, application/geo+json");
    set(handle, CURLOPT_URL, request.url.c_str());
    set(handle, CURLOPT_NOSIGNAL, 1L);
    set(handle, CURLOPT_FOLLOWLOCATION, 1L);
    set(handle, CURLOPT_MAXREDIRS, 5L);
    set(handle, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode (gzip, ...)
    set(handle, CURLOPT_USERAGENT, m_settings.user_agent.c_str());
    set(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<std::int64_t>(timeout.count(), 1)));
    set(handle, CURLOPT_CONNECTTIMEOUT_MS,
        static_cast<long>(std::max<std::int64_t>(std::min(timeout, m_settings.connect_timeout).count(), 1)));
    if (!m_settings.ca_bundle.empty()) {
        set(handle, CURLOPT_CAINFO, m_settings.ca_bundle.c_str());
    }
    if (request.method == "POST") {
        set(handle, CURLOPT_POST, 1L);
        set(handle, CURLOPT_POSTFIELDS, request.body.c_str());
        set(handle, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
        headers.append("Content-Type: " + (request.content_type.empty() ? std::string("application/json")
                                                                         : request.content_type));
    } else if (request.method != "GET") {
        throw InternalError(fmt::format("HTTP method {} is not supported", request.method));
    }
    set(handle, CURLOPT_HTTPHEADER, headers.get());
    set(handle, CURLOPT_WRITEFUNCTION, on_body);
    set(handle, CURLOPT_WRITEDATA, static_cast<void*>(&transfer));
    set(handle, CURLOPT_HEADERFUNCTION, on_header);
    set(handle, CURLOPT_HEADERDATA, static_cast<void*>(&transfer));
    char error[CURL_ERROR_SIZE] = {};
    set(handle, CURLOPT_ERRORBUFFER, static_cast<char*>(error));

    CURLcode code = curl_easy_perform(handle);
    if (transfer.too_long) {
        throw TransferError(TransferFault::other,
                            fmt::format("{}: the answer is longer than {} bytes", request.url,
                                        m_settings.max_body_bytes));
    }
    if (code != CURLE_OK) {
        throw TransferError(fault_of(code), fmt::format("{}: {}", request.url,
                                                         error[0] != '\0' ? error : curl_easy_strerror(code)));
    }
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

}  // namespace hrsi::http
