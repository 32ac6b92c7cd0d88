// SPDX-License-Identifier: Apache-2.0
#include <hrsi/amqp/message.hpp>

namespace hrsi::amqp {

char const* to_string(PublishOutcome::Status status) noexcept {
    switch (status) {
    case PublishOutcome::Status::confirmed: return "confirmed";
    case PublishOutcome::Status::returned: return "returned";
    case PublishOutcome::Status::nacked: return "nacked";
    case PublishOutcome::Status::unconfirmed: return "unconfirmed";
    }
    return "unknown";
}

std::optional<std::string> Message::header(std::string const& name) const {
    for (auto const& [key, value] : headers) {
        if (key == name) return value;
    }
    return std::nullopt;
}

}  // namespace hrsi::amqp
