// SPDX-License-Identifier: Apache-2.0
#pragma once

// The metadata the SWS/WDS worker writes for its products (reference run_sws_wds_worker.py
// create_mtd_file and manage_results): the INSPIRE XML from the templates of the auxiliary
// data, and the size and resolution recorded for the publication.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace hrsi::jobs {

// Python's string.Template.substitute, as the reference fills its templates: "$$" is "$",
// "$name" and "${name}" (name: [_A-Za-z][_A-Za-z0-9]*) are the value of `values`. Throws
// InputError naming the placeholder for one `values` lacks, and for a "$" that starts none.
[[nodiscard]] std::string substitute_template(std::string_view text,
                                              std::map<std::string, std::string, std::less<>> const& values);

// The files of an SWS or WDS product folder the reference counts in its size: the raster
// and its quality layer (SWS: <id>_WSM.tif and <id>_QCWSM.tif; WDS: <id>_SSC.tif and
// <id>_QCSSC.tif) and <id>_MTD.xml.
[[nodiscard]] std::string product_raster_suffix(std::string_view product_type);  // "WSM", "SSC"

// Their total size in KiB (bytes / 1024, as the reference records it: publication multiplies it
// back). Throws InputError naming a file that is missing or not a regular file.
[[nodiscard]] double product_size_kib(std::filesystem::path const& folder, std::string_view product_id,
                                      std::string_view product_type);

}  // namespace hrsi::jobs
