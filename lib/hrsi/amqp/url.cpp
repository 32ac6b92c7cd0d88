// SPDX-License-Identifier: Apache-2.0
#include <hrsi/amqp/url.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <charconv>

namespace hrsi::amqp {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// `what` names the part in the error message; the text itself is shown only when `shown`.
std::string percent_decoded(std::string_view text, std::string_view what, bool shown = true) {
    std::string decoded;
    decoded.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            decoded += text[i];
            continue;
        }
        int const high = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
        int const low = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
        if (high < 0 || low < 0) {
            throw InputError(shown ? fmt::format("AMQP URL: bad percent escape in the {} '{}'", what, text)
                                   : fmt::format("AMQP URL: bad percent escape in the {}", what));
        }
        decoded += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return decoded;
}

std::string percent_encoded_vhost(std::string_view vhost) {
    std::string encoded;
    for (char c : vhost) {
        auto const u = static_cast<unsigned char>(c);
        bool const plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           c == '-' || c == '_' || c == '.' || c == '~';
        encoded += plain ? std::string(1, c) : fmt::format("%{:02X}", u);
    }
    return encoded;
}

}  // namespace

Url Url::parse(std::string_view text) {
    Url url;
    std::string_view rest;
    if (text.starts_with("amqp://")) {
        rest = text.substr(7);
    } else if (text.starts_with("amqps://")) {
        url.tls = true;
        url.port = 5671;
        rest = text.substr(8);
    } else {
        auto const colon = text.find(':');
        throw InputError(fmt::format("AMQP URL: the scheme must be amqp:// or amqps://, not '{}'",
                                     colon == std::string_view::npos ? "(none)" : text.substr(0, colon)));
    }
    if (rest.find_first_of("?#") != std::string_view::npos) {
        throw InputError("AMQP URL: query parameters and fragments are not supported");
    }
    // The user information first, up to the last '@': a password may hold an unencoded '/'
    // (generated ones often do), which must not be taken for the start of the vhost, nor ever
    // be echoed in an error.
    if (auto const at = rest.rfind('@'); at != std::string_view::npos) {
        std::string_view const userinfo = rest.substr(0, at);
        rest.remove_prefix(at + 1);
        auto const colon = userinfo.find(':');
        url.user = percent_decoded(userinfo.substr(0, colon), "user name");
        url.password = colon == std::string_view::npos
                           ? std::string{}
                           : percent_decoded(userinfo.substr(colon + 1), "password", false);
    }
    auto const slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string_view const path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);

    std::string_view host;
    std::string_view port;
    if (authority.starts_with('[')) {
        auto const close = authority.find(']');
        if (close == std::string_view::npos) {
            throw InputError("AMQP URL: unclosed '[' in the host");
        }
        host = authority.substr(1, close - 1);
        std::string_view const after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(':')) {
            throw InputError("AMQP URL: unexpected text after the IPv6 host");
        }
        port = after.empty() ? after : after.substr(1);
        if (after == ":") port = "-";  // a colon without a port
    } else {
        auto const colon = authority.rfind(':');
        host = authority.substr(0, colon);
        if (colon != std::string_view::npos) port = authority.substr(colon + 1);
        if (colon != std::string_view::npos && port.empty()) port = "-";
    }
    url.host = percent_decoded(host, "host");
    if (url.host.empty()) {
        throw InputError("AMQP URL: no host (amqp://user:password@host:port/vhost)");
    }
    if (!port.empty()) {
        unsigned value = 0;
        auto const [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (error != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535) {
            throw InputError(fmt::format("AMQP URL: bad port '{}'", port));
        }
        url.port = static_cast<std::uint16_t>(value);
    }
    if (path.find('/') != std::string_view::npos) {
        throw InputError(fmt::format("AMQP URL: a '/' in the vhost must be written %2F ('{}')", path));
    }
    url.vhost = path.empty() ? "/" : percent_decoded(path, "vhost");
    return url;
}

std::string Url::describe() const {
    bool const ipv6 = host.find(':') != std::string::npos;
    return fmt::format("{}://{}@{}{}{}:{}/{}", tls ? "amqps" : "amqp", user, ipv6 ? "[" : "", host, ipv6 ? "]" : "",
                       port, percent_encoded_vhost(vhost));
}

}  // namespace hrsi::amqp
