// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hrsi::amqp {

// A broker address, parsed from an AMQP URI (RabbitMQ's "URI spec"):
//   amqp://[user[:password]@]host[:port][/vhost]     plain TCP, default port 5672
//   amqps://…                                         TLS, default port 5671
// User, password, host and vhost are percent-decoded ("%2F" is "/"); the vhost is "/" when the
// path is missing or empty; user and password default to guest/guest; an IPv6 host is written
// in brackets ([::1]). Query parameters are not supported.
struct Url {
    bool tls = false;
    std::string user = "guest";
    std::string password = "guest";
    std::string host;
    std::uint16_t port = 5672;
    std::string vhost = "/";

    // Throws InputError (naming the problem, never showing the password) for another scheme,
    // a missing host, a bad port, a bad percent escape, a "/" in the vhost or a query.
    [[nodiscard]] static Url parse(std::string_view text);

    // The address for messages and logs: amqp[s]://user@host:port/vhost (vhost percent-encoded),
    // never the password.
    [[nodiscard]] std::string describe() const;
};

}  // namespace hrsi::amqp
