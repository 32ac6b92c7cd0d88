// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/spool.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace hrsi::util {

Spool::Spool() : m_file(std::tmpfile()) {
    if (!m_file) {
        throw InternalError(fmt::format("cannot create a temporary file: {}", std::strerror(errno)));
    }
}

void Spool::write(std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), m_file.get()) != text.size()) {
        throw InternalError(fmt::format("cannot write a temporary file: {}", std::strerror(errno)));
    }
}

void Spool::copy_to(std::ostream& out) {
    if (std::fflush(m_file.get()) != 0 || std::ferror(m_file.get())) {
        throw InternalError(fmt::format("cannot write a temporary file: {}", std::strerror(errno)));
    }
    std::rewind(m_file.get());
    std::array<char, 65536> buffer{};
    std::size_t read = 0;
    while ((read = std::fread(buffer.data(), 1, buffer.size(), m_file.get())) > 0) {
        out.write(buffer.data(), static_cast<std::streamsize>(read));
    }
    if (std::ferror(m_file.get())) {
        throw InternalError(fmt::format("cannot read a temporary file: {}", std::strerror(errno)));
    }
    discard();
}

void Spool::discard() {
    m_file.reset(std::tmpfile());
    if (!m_file) {
        throw InternalError(fmt::format("cannot create a temporary file: {}", std::strerror(errno)));
    }
}

}  // namespace hrsi::util
