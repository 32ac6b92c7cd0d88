// SPDX-License-Identifier: Apache-2.0
#include <hrsi/aux/ssp_aux.hpp>

#include <fmt/format.h>

namespace hrsi::aux {

std::string ssp_aux_version(db::SystemParameterValues const& parameters) {
    return parameters.text("ssp_aux_version").value_or("V20211119");
}

std::string ssp_aux_mask_key(std::string_view version, std::string_view tile, std::string_view mask) {
    return fmt::format("ssp_aux/{0}/{1}/T{1}_60m_MASK_{2}_{0}.tif", version, tile, mask);
}

}  // namespace hrsi::aux
