// SPDX-License-Identifier: Apache-2.0
#include <hrsi/geometry/context.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <new>

namespace hrsi::geometry {

GeosContext::GeosContext() : m_handle(GEOS_init_r()) {
    if (m_handle == nullptr) throw std::bad_alloc();
    GEOSContext_setErrorMessageHandler_r(m_handle, &GeosContext::on_error, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(m_handle); }

void GeosContext::on_error(char const* message, void* self) {
    static_cast<GeosContext*>(self)->m_last_error = message != nullptr ? message : "";
}

void GeosContext::throw_last_error(std::string const& what) const {
    throw InputError(fmt::format("{}: {}", what,
                                 m_last_error.empty() ? "GEOS gave no reason" : m_last_error));
}

}  // namespace hrsi::geometry
