// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/log.hpp>

#include <hrsi/error.hpp>
#include <hrsi/util/time.hpp>

#include <cerrno>
#include <cstring>

namespace hrsi::util {

Log Log::with_copy_to(std::filesystem::path const& file) const {
    Log copy = *this;
    std::FILE* handle = std::fopen(file.c_str(), "ae");
    if (handle == nullptr) {
        throw InternalError(fmt::format("cannot open log file {}: {}", file.string(), std::strerror(errno)));
    }
    std::setvbuf(handle, nullptr, _IOLBF, 0);
    copy.m_copy = std::shared_ptr<std::FILE>(handle, Close{});
    return copy;
}

void Log::write(char const* kind, std::string const& message, bool console) const {
    if (console) std::fprintf(stderr, "%s: %s%s\n", m_program.c_str(), kind, message.c_str());
    if (m_copy) {
        std::fprintf(m_copy.get(), "%s %s%s\n", format_rfc3339(now()).c_str(), kind, message.c_str());
    }
}

}  // namespace hrsi::util
