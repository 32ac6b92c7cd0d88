// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the metadata the scientific program writes (dias_catalog_submit.json, kept
// as the FSC/RLIE job's *_infos), read to build the publication messages. Any metadata gives a
// message or a reason to skip the product, never a crash.
#include <hrsi/db/system_parameters.hpp>
#include <hrsi/error.hpp>
#include <hrsi/job_types/fsc_rlie/fsc_rlie_job.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    static hrsi::db::SystemParameterValues const parameters({
        {"products_path_prefix", "text", "/eodata/HRSI", std::nullopt},
        {"products_host_base", "text", "s3.waw2-1.cloudferro.com", std::nullopt},
        {"products_s3_bucket", "text", "HRSI", std::nullopt},
    });
    hrsi::jobs::FscRlieJob job;
    job.fsc_infos = std::string(reinterpret_cast<char const*>(data), size);
    job.fsc_path = "/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/2024/01/05/"
                   "FSC_20240105T103429_S2B_T32TLR_V102_1";
    job.rlie_infos = job.fsc_infos;
    job.rlie_path = "/eodata/HRSI/RLIE_20240105T103429_S2B_T32TLR_V102_1";
    try {
        (void)job.get_products_publication_jsons(parameters);
    } catch (hrsi::Error const&) {
    }
    return 0;
}
