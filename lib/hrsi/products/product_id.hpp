// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <hrsi/util/time.hpp>

#include <string>
#include <string_view>
#include <variant>

namespace hrsi::products {

// A Sentinel-2 L1C product (reference §3.3):
// MMM_MSIL1C_YYYYMMDDTHHMMSS_Nxxyy_ROOO_Txxxxx_YYYYMMDDTHHMMSS[.SAFE]
struct Sentinel2L1c {
    std::string product_id;        // the name without .SAFE and without any folder
    std::string mission;           // S2A, S2B or S2C
    util::TimePoint sensing_start; // datatake sensing start (job measurement_date)
    std::string baseline;          // processing baseline, e.g. N0202, N0509
    int relative_orbit = 0;        // 1..143, from ROOO
    std::string tile;              // 5 characters, without the T: 31TGL
    util::TimePoint discriminator; // second date: the ESA creation date
};

// A Sentinel-1 product, all 12 fields of its name (reference §3.3):
// MMM_BB_TTTR_LFPP_YYYYMMDDTHHMMSS_YYYYMMDDTHHMMSS_OOOOOO_DDDDDD_CCCC[.SAFE]
struct Sentinel1 {
    std::string product_id;         // the name without .SAFE and without any folder
    std::string mission;            // S1A, S1B or S1C
    std::string mode;               // S1..S6, IW, EW, WV
    std::string product_type;       // SLC, GRD or OCN
    char resolution = '_';          // F, H, M, or '_' (none)
    int level = 0;                  // 1 or 2
    char product_class = 'S';       // S (standard) or A (annotation)
    std::string polarisation;       // SH, SV, DH, DV
    util::TimePoint start;
    util::TimePoint stop;
    int absolute_orbit = 0;         // 6 digits
    std::string mission_take_id;    // 6 hexadecimal digits
    std::string unique_id;          // 4 hexadecimal digits
};

// An HR-S&I product (reference §3.4): FSC, RLIE, SWS, WDS (and RLIE-S1, RLIE-S1S2 names)
//   <TYPE>_<YYYYMMDDThhmmss>_<mission>_T<tile>_<Vnnn>_<0|1>
// and GFSC
//   GFSC_<YYYYMMDD>-<NNN>_<missions>_T<tile>_<baseline>_<curation unix seconds>
struct HrsiProduct {
    std::string product_id;       // the name without any folder
    std::string product_type;     // FSC, RLIE, SWS, WDS or GFSC
    util::TimePoint measurement;  // the name's date (GFSC: that day at 00:00)
    std::string mission;          // S2A, S2B, S2C, S1A, S1B, S1C, or S1-S2 etc. for GFSC
    std::string tile;             // with the T, as the reference: T32TLR
    std::string version;          // V100, V102, ...
    int quality_flag = -1;        // 1 nominal, 0 degraded/provisional; -1 for GFSC
    int aggregation_days = 0;     // GFSC: NNN of the name; 0 otherwise
    long long curation_timestamp = 0;  // GFSC: unix seconds of the name; 0 otherwise
};

using ProductId = std::variant<Sentinel2L1c, Sentinel1, HrsiProduct>;

// The product_id of any kind (the name without folder and .SAFE).
[[nodiscard]] std::string const& product_id_of(ProductId const& product) noexcept;

// The name of a product from a bare name or any path or URL (/eodata/.../<name>.SAFE,
// s3://bucket/.../<name>.SAFE/): the last non-empty path component, with ".SAFE" removed.
[[nodiscard]] std::string product_name_of(std::string_view name_or_path);

// Parses a product from a bare name or a path. Throws InputError with the reason when the
// name is not one of the kinds above, e.g. "S2B_MSIL2A_...: a Sentinel-2 L2A product, not
// L1C", "bad tile 'T31TG' in ...", "unknown mission S2D in ...".
[[nodiscard]] ProductId parse_product(std::string_view name_or_path);

// The same for one kind; the message says what the name is when it is another kind, e.g.
// "S2B_MSIL2A_...: a Sentinel-2 L2A product, fsc_rlie_job takes Sentinel-2 L1C".
// `job_type` names the taker in the message.
[[nodiscard]] Sentinel2L1c parse_sentinel2_l1c(std::string_view name_or_path,
                                               std::string_view job_type = "this job type");
[[nodiscard]] Sentinel1 parse_sentinel1(std::string_view name_or_path,
                                        std::string_view job_type = "this job type");
[[nodiscard]] HrsiProduct parse_hrsi_product(std::string_view name_or_path,
                                             std::string_view job_type = "this job type");

}  // namespace hrsi::products
