// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/job_types/sws_wds/sws_wds_metadata.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <unistd.h>

using namespace hrsi;
using namespace hrsi::jobs;
namespace fs = std::filesystem;

TEST_CASE("sws_wds metadata: templates filled as Python's string.Template.substitute", "[sws_wds]") {
    std::map<std::string, std::string, std::less<>> const values{
        {"PRODUCT_ID", "SWS_20250105T171530_S1A_T32TLR_V101_1"}, {"WB_LON", "6.4"}, {"x", "$y"}};
    CHECK(substitute_template("<id>${PRODUCT_ID}</id> west=$WB_LON.", values) ==
          "<id>SWS_20250105T171530_S1A_T32TLR_V101_1</id> west=6.4.");
    CHECK(substitute_template("cost: $$5, $x$x", values) == "cost: $5, $y$y");  // values are not read again
    CHECK(substitute_template("no placeholder", values) == "no placeholder");
    CHECK_THROWS_WITH(substitute_template("${NB_LAT}", values), Catch::Contains("${NB_LAT}"));
    CHECK_THROWS_AS(substitute_template("$1", values), InputError);
    CHECK_THROWS_AS(substitute_template("${PRODUCT_ID", values), InputError);
    CHECK_THROWS_AS(substitute_template("end $", values), InputError);
}

TEST_CASE("sws_wds metadata: the size counts the raster, its quality layer and the XML", "[sws_wds]") {
    auto const folder = fs::temp_directory_path() / ("hrsi-sws-size-" + std::to_string(::getpid()));
    fs::remove_all(folder);
    fs::create_directories(folder);
    std::string const id = "WDS_20250105T171530_S1A_T32TLR_V101_1";
    auto write = [&](std::string const& name, std::size_t size) { std::ofstream(folder / name) << std::string(size, 'x'); };
    write(id + "_SSC.tif", 2048);
    write(id + "_QCSSC.tif", 1024);
    write("thumbnail.png", 4096);  // not counted
    CHECK_THROWS_WITH(product_size_kib(folder, id, "WDS"), Catch::Contains(id + "_MTD.xml"));
    write(id + "_MTD.xml", 512);
    CHECK(product_size_kib(folder, id, "WDS") == 3.5);
    CHECK_THROWS_AS(product_size_kib(folder, id, "SWS"), InputError);  // no _WSM.tif
    CHECK_THROWS_AS(product_raster_suffix("FSC"), InputError);
    fs::remove_all(folder);
}
