// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/geometry/parse.hpp>
#include <hrsi/geometry/projection.hpp>

#include <catch2/catch.hpp>

using namespace hrsi;
using namespace hrsi::geometry;

namespace {
constexpr char const* square_wkt = "POLYGON ((10 45, 11 45, 11 46, 10 46, 10 45))";
}

TEST_CASE("geometry::read_wkt reads polygons, multipolygons and EWKT", "[geometry]") {
    GeosContext context;
    auto polygon = read_wkt(context, square_wkt);
    CHECK(polygon.type_name() == "Polygon");
    CHECK(polygon.area() == Approx(1.0));
    CHECK(read_wkt(context, " SRID=4326;POLYGON ((10 45, 11 45, 11 46, 10 45)) ").area() ==
          Approx(0.5));
    auto multi = read_wkt(context, "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))");
    CHECK(multi.type_name() == "MultiPolygon");
    CHECK(multi.area() == Approx(1.0));
    CHECK_THROWS_AS(read_wkt(context, "POLYGON ((10 45, 11"), InputError);
    CHECK_THROWS_WITH(read_wkt(context, "SRID=32632;POINT (1 2)"),
                      Catch::Contains("only lon/lat WGS84"));
}

TEST_CASE("geometry::read_footprint reads the catalogues' forms", "[geometry]") {
    GeosContext context;
    SECTION("OData Footprint") {
        auto g = read_footprint(context, "geography'SRID=4326;POLYGON ((10 45, 11 45, 11 46, 10 "
                                         "46, 10 45))'");
        CHECK(g.area() == Approx(1.0));
        CHECK_THROWS_WITH(read_footprint(context, "geography'SRID=4326;POINT (1 2)"),
                          Catch::Contains("closing quote"));
    }
    SECTION("OData GeoFootprint, resto and STAC geometry (GeoJSON)") {
        auto g = read_footprint(context, R"({"type": "Polygon", "coordinates":
            [[[10, 45], [11, 45], [11, 46], [10, 46], [10, 45]]]})");
        CHECK(g.type_name() == "Polygon");
        CHECK(g.area() == Approx(1.0));
        auto multi = read_footprint(context, R"({"type": "MultiPolygon", "coordinates":
            [[[[0, 0, 12.5], [1, 0, 12.5], [1, 1, 12.5], [0, 0, 12.5]]],
             [[[5, 5], [6, 5], [6, 6], [5, 5]]]]})");
        CHECK(multi.type_name() == "MultiPolygon");
        CHECK(multi.area() == Approx(1.0));
        auto feature = read_footprint(context, R"({"type": "Feature", "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 0]]]}})");
        CHECK(feature.area() == Approx(2.0));
    }
    SECTION("plain WKT") { CHECK(read_footprint(context, square_wkt).area() == Approx(1.0)); }
    SECTION("bad input names its problem") {
        CHECK_THROWS_WITH(read_footprint(context, ""), Catch::Contains("empty footprint"));
        CHECK_THROWS_WITH(read_footprint(context, R"({"type": "Polygon"})"),
                          Catch::Contains("without coordinates"));
        CHECK_THROWS_WITH(read_footprint(context, R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]})"),
                          Catch::Contains("at least 3 distinct points"));
        CHECK_THROWS_WITH(read_footprint(context, R"({"type": "Circle", "coordinates": []})"),
                          Catch::Contains("unknown type 'Circle'"));
        CHECK_THROWS_WITH(read_footprint(context, "{\"type\": "), Catch::Contains("broken GeoJSON"));
        CHECK_THROWS_AS(read_footprint(context, "not a geometry"), InputError);
    }
}

TEST_CASE("geometry::Geometry intersection, hull, envelope and WKT out", "[geometry]") {
    GeosContext context;
    auto a = read_wkt(context, "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))");
    auto b = read_wkt(context, "POLYGON ((2 2, 6 2, 6 6, 2 6, 2 2))");
    CHECK(a.intersects(b));
    CHECK(a.intersection(b).area() == Approx(4.0));
    auto l = read_wkt(context, "POLYGON ((0 0, 4 0, 4 1, 1 1, 1 4, 0 4, 0 0))");
    CHECK(l.convex_hull().area() == Approx(11.5));  // the square less the corner (4 1, 4 4, 1 4)
    CHECK(l.envelope().area() == Approx(16.0));
    auto const box = l.bounds();
    CHECK(box.max_x == 4.0);
    CHECK(box.max_y == 4.0);
    CHECK(read_wkt(context, "POLYGON ((0.123456789 0, 1 0, 1 1, 0.123456789 0))").wkt(3) ==
          "POLYGON ((0.123 0, 1 0, 1 1, 0.123 0))");
    auto bowtie = read_wkt(context, "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))");
    CHECK_FALSE(bowtie.is_valid());
    CHECK(bowtie.make_valid().area() == Approx(2.0));
    auto moved = std::move(a);
    CHECK(moved.area() == Approx(16.0));
}

TEST_CASE("geometry::Projections computes areas in km² in the right UTM zone", "[geometry]") {
    CHECK(utm_epsg({9.5, 45.5}) == 32632);
    CHECK(utm_epsg({-0.5, 40}) == 32630);
    CHECK(utm_epsg({0.0, 40}) == 32631);
    CHECK(utm_epsg({-70, -33}) == 32719);
    CHECK(utm_epsg({179.9, 10}) == 32660);
    CHECK(utm_epsg({180, 10}) == 32601);  // the antimeridian wraps
    GeosContext context;
    Projections projections;
    // A 109,800 m square of zone 32N, back to lon/lat and measured again.
    auto const& zone32 = projections.to(32632);
    auto square = Geometry::box(context, {300000, 5000040, 409800, 5109840});
    auto lon_lat = zone32.inverse(square);
    CHECK(lon_lat.bounds().min_x == Approx(6.44).epsilon(0.01));
    CHECK(projections.area_km2(lon_lat, 32632) == Approx(109.8 * 109.8).epsilon(1e-9));
    CHECK(projections.area_km2(lon_lat) == Approx(109.8 * 109.8).epsilon(1e-3));
    // One degree square at 45°N: about 111.1 km by 78.7 km.
    CHECK(projections.area_km2(read_wkt(context, "POLYGON ((9 45, 10 45, 10 46, 9 46, 9 45))")) ==
          Approx(8674).epsilon(0.01));
    auto const point = zone32.forward(Point{9.0, 45.0});
    CHECK(point.x == Approx(500000).margin(0.01));
    CHECK_THROWS_AS(projections.to(999999), InputError);
}
