// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <geos_c.h>

#include <memory>
#include <string>

namespace hrsi::geometry {

// One GEOS context handle (the thread-safe "_r" API): every geometry, reader, writer, prepared
// geometry and tree made with it is used on one thread at a time, and the context outlives
// them. Keep one per thread (or per object that owns geometries); nothing is shared.
// GEOS's error messages are kept in the context and read by check()/throw_last_error().
class GeosContext {
public:
    GeosContext();
    GeosContext(GeosContext const&) = delete;
    GeosContext& operator=(GeosContext const&) = delete;
    GeosContext(GeosContext&&) = delete;
    GeosContext& operator=(GeosContext&&) = delete;
    ~GeosContext();

    [[nodiscard]] GEOSContextHandle_t get() const noexcept { return m_handle; }

    // The last error GEOS reported through this context ("" if none).
    [[nodiscard]] std::string const& last_error() const noexcept { return m_last_error; }

    // Throws InputError "<what>: <GEOS's message>" (GEOS fails on bad input, not on bugs).
    [[noreturn]] void throw_last_error(std::string const& what) const;

private:
    static void on_error(char const* message, void* self);

    GEOSContextHandle_t m_handle = nullptr;
    std::string m_last_error;
};

}  // namespace hrsi::geometry
