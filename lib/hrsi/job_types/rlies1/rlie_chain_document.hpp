// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/system_parameters.hpp>
#include <hrsi/util/time.hpp>

#include <optional>
#include <string>
#include <variant>

namespace hrsi::jobs {

// One product of an RLIE chain as its job recorded it.
struct RlieChainProduct {
    std::string label;     // the product type as publication names it: rlies1, rlies1s2
    std::string name;      // the product id
    std::string metadata;  // the chain's resto metadata, completed by the worker
    std::string path;      // as published: /eodata/HRSI/CLMS/…
    std::optional<util::TimePoint> completion;  // the job's completion (when the chain gives none)
    std::string mission;   // S1, S1-S2
};

// The publication document of the product (index 0), or why it is left out (index 1):
// metadata that is not a resto object with properties, no resourceSize in bytes, a date
// that is not one.
[[nodiscard]] std::variant<std::string, std::string> rlie_chain_document(RlieChainProduct const& product,
                                                                         db::SystemParameterValues const& parameters);

}  // namespace hrsi::jobs
