// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/sentinel1/manifest.hpp>
#include <hrsi/sentinel1/manifest_storage.hpp>
#include <hrsi/sentinel1/slice.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <unistd.h>

using namespace hrsi;
using namespace hrsi::sentinel1;

namespace {

std::filesystem::path const safe_dir =
    std::filesystem::path(HRSI_TEST_DATA_DIR) / "sentinel1" /
    "S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917_218A.SAFE";

catalogue::CatalogueProduct grd_product() {
    catalogue::CatalogueProduct product;
    product.name = "S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917_218A.SAFE";
    product.path = "/eodata/Sentinel-1/SAR/GRD/2021/04/12/" + product.name;
    product.published = util::parse_time("2021-04-12T16:40:02.118Z");
    return product;
}

}  // namespace

TEST_CASE("sentinel1::read_manifest reads a GRD manifest.safe", "[sentinel1]") {
    auto const manifest = read_manifest(safe_dir);
    CHECK(manifest.platform == "S1A");
    CHECK(manifest.mission_take_id == "046917");  // 289047, as in the product name
    CHECK(manifest.slice_number == 5);
    CHECK(manifest.total_slices == 11);
    CHECK(manifest.absolute_orbit == 37419);
    CHECK(manifest.relative_orbit == 72);
    CHECK(manifest.pass == "ASCENDING");
    CHECK(manifest.start == util::parse_time("2021-04-12T15:11:11.541791Z"));
    CHECK(manifest.stop == util::parse_time("2021-04-12T15:11:36.540452Z"));
    CHECK(manifest.timeliness == "Fast-24h");
    CHECK(manifest.polarisations == std::vector<std::string>{"VV", "VH"});
    REQUIRE(manifest.footprint.size() == 4);
    CHECK(manifest.footprint[0].x == Approx(7.019));  // lon first: the file has "lat,lon"
    CHECK(manifest.footprint[0].y == Approx(45.012));
    CHECK(footprint_wkt(manifest) ==
          "POLYGON ((7.019 45.012, 10.318 45.418, 10.004 47.117, 6.612 46.709, 7.019 45.012))");
    // The file itself is read too.
    CHECK(read_manifest(safe_dir / "manifest.safe").slice_number == 5);
}

TEST_CASE("sentinel1::read_manifest: a missing or broken manifest is a clear error",
          "[sentinel1]") {
    CHECK_THROWS_WITH(read_manifest(safe_dir.parent_path() / "S1A_NONE.SAFE"),
                      Catch::Contains("no manifest.safe at") &&
                          Catch::Contains("S1A_NONE.SAFE/manifest.safe"));
    CHECK_THROWS_WITH(parse_manifest("<xfdu:XFDU><unclosed>", "m"), Catch::Contains("m: not XML"));
    CHECK_THROWS_WITH(parse_manifest("<kml/>", "m"), Catch::Contains("not a SAFE manifest"));
    CHECK_THROWS_WITH(
        parse_manifest("<XFDU><s1sarl1:sliceNumber>five</s1sarl1:sliceNumber></XFDU>", "m"),
        Catch::Contains("sliceNumber 'five' is not a whole number"));
    CHECK_THROWS_WITH(parse_manifest("<XFDU><safe:platform><safe:familyName>SENTINEL-2"
                                     "</safe:familyName><safe:number>A</safe:number>"
                                     "</safe:platform></XFDU>",
                                     "m"),
                      Catch::Contains("not a Sentinel-1 satellite"));
    CHECK_THROWS_WITH(parse_manifest("<XFDU><gml:coordinates>45.0;7.0</gml:coordinates></XFDU>", "m"),
                      Catch::Contains("is not 'lat,lon'"));
    // Fields the manifest does not hold stay empty.
    auto const bare = parse_manifest("<XFDU/>", "m");
    CHECK_FALSE(bare.slice_number);
    CHECK(bare.mission_take_id.empty());
    CHECK(bare.footprint.empty());
}

TEST_CASE("sentinel1::make_slice takes the catalogue's fields, else the manifest's",
          "[sentinel1]") {
    auto product = grd_product();
    SECTION("everything from the catalogue") {
        product.slice_number = 4;
        product.total_slices = 10;
        product.orbit_direction = "descending";
        product.relative_orbit = 71;
        product.footprint = R"({"type":"Polygon","coordinates":[[[9,46],[7,46],[7,45],[9,46]]]})";
        CHECK_FALSE(needs_manifest(product));
        auto const slice = make_slice(product);
        CHECK(slice.product_id ==
              "S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917_218A");
        CHECK(slice.path == product.path);
        CHECK(slice.platform == "S1A");
        CHECK(slice.mission_take_id == "046917");
        CHECK(slice.slice_number == 4);
        CHECK(slice.total_slices == 10);
        CHECK(slice.pass == Pass::descending);
        CHECK(slice.relative_orbit == 71);
        CHECK(slice.start == util::parse_time("2021-04-12T15:11:11Z"));  // the name's times
        CHECK(slice.stop == util::parse_time("2021-04-12T15:11:36Z"));
        CHECK(slice.published == *product.published);
        CHECK(slice.footprint == product.footprint);
    }
    SECTION("slice numbers, pass, orbit and footprint from the manifest") {
        REQUIRE(needs_manifest(product));
        auto const manifest = read_manifest(safe_dir);
        auto const slice = make_slice(product, &manifest);
        CHECK(slice.slice_number == 5);
        CHECK(slice.total_slices == 11);
        CHECK(slice.pass == Pass::ascending);
        CHECK(slice.relative_orbit == 72);
        CHECK(slice.footprint == footprint_wkt(manifest));
    }
    SECTION("the relative orbit from the absolute orbit when nobody gives it") {
        product.slice_number = 5;
        product.total_slices = 11;
        product.orbit_direction = "ASCENDING";
        product.footprint = "POLYGON ((7 45, 10 45.4, 10 47, 6.6 46.7, 7 45))";
        CHECK(make_slice(product).relative_orbit == 72);  // (37419 - 73) mod 175 + 1
    }
    SECTION("what neither gives is an error naming the product and the field") {
        CHECK_THROWS_WITH(make_slice(product),
                          Catch::Contains("S1A_IW_GRDH_1SDV_20210412T151111") &&
                              Catch::Contains("no slice number"));
        product.published.reset();
        CHECK_THROWS_WITH(make_slice(product), Catch::Contains("no publication date"));
    }
    SECTION("a manifest of another product is refused") {
        auto manifest = read_manifest(safe_dir);
        manifest.mission_take_id = "046918";
        CHECK_THROWS_WITH(make_slice(product, &manifest),
                          Catch::Contains("manifest.safe is of another product"));
    }
    SECTION("a product that is not Sentinel-1") {
        product.path = "/eodata/S2B_MSIL1C_20210412T101559_N0300_R065_T32TLR_20210412T122613.SAFE";
        CHECK_THROWS_AS(make_slice(product), InputError);
    }
}

TEST_CASE("sentinel1::fetch_manifest reads the manifest from the product's storage",
          "[sentinel1]") {
    auto const scratch = std::filesystem::temp_directory_path() /
                         ("hrsi-manifest-" + std::to_string(::getpid()));
    std::filesystem::create_directories(scratch);
    storage::Storage const storage{storage::StorageOptions{}};
    auto const manifest = fetch_manifest(storage, storage::Location::local_path(safe_dir), scratch);
    CHECK(manifest.slice_number == 5);
    CHECK(std::filesystem::is_empty(scratch));  // the copy is removed
    CHECK_THROWS_WITH(
        fetch_manifest(storage, storage::Location::local_path(scratch / "S1A_GONE.SAFE"), scratch),
        Catch::Contains("no manifest.safe at") && Catch::Contains("S1A_GONE.SAFE/manifest.safe"));
    std::filesystem::remove_all(scratch);
}

TEST_CASE("sentinel1::make_slices asks for a manifest only when the catalogue lacks fields",
          "[sentinel1]") {
    auto complete = grd_product();
    complete.slice_number = 5;
    complete.total_slices = 11;
    complete.orbit_direction = "ASCENDING";
    complete.footprint = "POLYGON ((7 45, 10 45.4, 10 47, 6.6 46.7, 7 45))";
    std::vector<catalogue::CatalogueProduct> const products{complete, grd_product()};
    int asked = 0;
    auto const slices = make_slices(products, [&](catalogue::CatalogueProduct const& product) {
        ++asked;
        CHECK(product.slice_number == std::nullopt);
        return read_manifest(safe_dir);
    });
    CHECK(asked == 1);
    REQUIRE(slices.size() == 2);
    CHECK(slices[0].footprint == complete.footprint);
    CHECK(slices[1].total_slices == 11);
}
