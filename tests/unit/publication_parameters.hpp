// SPDX-License-Identifier: Apache-2.0
// The system parameters a type's publication reads (the products' path prefix, host and
// bucket), as the reference's defaults, for the publication unit tests of every type.
#pragma once

#include <hrsi/db/system_parameters.hpp>

namespace hrsi::testing {

inline db::SystemParameterValues publication_parameters() {
    return db::SystemParameterValues({{"products_path_prefix", "text", "/eodata/HRSI", {}},
                                      {"products_host_base", "text", "s3.waw2-1.cloudferro.com", {}},
                                      {"products_s3_bucket", "text", "HRSI", {}}});
}

}  // namespace hrsi::testing
