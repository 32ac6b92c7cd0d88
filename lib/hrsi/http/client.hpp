// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/http/curl_handle.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>

namespace hrsi::http {

struct Request {
    std::string method = "GET";  // GET or POST
    std::string url;
    std::string body;            // POST only
    std::string content_type;    // of the body, e.g. application/json
};

struct Response {
    long status = 0;                         // HTTP status
    std::string body;
    std::optional<std::string> retry_after;  // the Retry-After header, as sent
};

// How a request failed before any HTTP answer came back.
enum class TransferFault {
    unreachable,  // name not resolved, connection refused
    timeout,      // no complete answer within the time given
    reset,        // connection reset or closed in the middle of the answer
    other,        // TLS, protocol, anything else
};

class TransferError : public std::runtime_error {
public:
    TransferError(TransferFault fault, std::string const& message)
        : std::runtime_error(message), m_fault(fault) {}
    [[nodiscard]] TransferFault fault() const noexcept { return m_fault; }

private:
    TransferFault m_fault;
};

struct ClientSettings {
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(30)};
    std::string ca_bundle;         // CA certificates file; empty: libcurl's default
    std::string user_agent = "hrsi";
    std::size_t max_body_bytes = std::size_t{512} << 20;  // a longer answer is a TransferError (other)
};

// An HTTP client over one libcurl easy handle (connections kept alive between requests).
// Proxies follow libcurl's environment conventions (http_proxy, https_proxy, no_proxy):
// libcurl reads them itself. Not thread-safe: one client per thread.
class Client {
public:
    explicit Client(ClientSettings settings);

    // Performs `request`, all of it within `timeout`. Any HTTP status is a Response; a failure
    // to get one is a TransferError.
    Response perform(Request const& request, std::chrono::milliseconds timeout);

private:
    ClientSettings m_settings;
    EasyHandle m_handle;
};

}  // namespace hrsi::http
