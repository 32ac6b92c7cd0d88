// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/db/system_parameters.hpp>

#include <string>
#include <string_view>

namespace hrsi::aux {

// The reference's ssp_aux data (masks and auxiliary tars of the SWS/WDS and GFSC programs):
// its version, system parameter ssp_aux_version, else the reference's V20211119.
[[nodiscard]] std::string ssp_aux_version(db::SystemParameterValues const& parameters);

// The key of a tile's 60 m mask on the auxiliary storage:
// ssp_aux/<version>/<tile>/T<tile>_60m_MASK_<mask>_<version>.tif (mask: FOREST_URBAN_WATER, ...).
[[nodiscard]] std::string ssp_aux_mask_key(std::string_view version, std::string_view tile, std::string_view mask);

}  // namespace hrsi::aux
