// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/products/product_id.hpp>
#include <hrsi/util/time.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace hrsi::products;
using hrsi::util::format_rfc3339;

namespace {

struct L1cCase {
    std::string input;
    std::string product_id;
    std::string mission;
    std::string sensing_start;
    std::string baseline;
    int relative_orbit;
    std::string tile;
    std::string discriminator;
};

struct S1Case {
    std::string input;
    std::string mission;
    std::string mode;
    std::string product_type;
    char resolution;
    int level;
    char product_class;
    std::string polarisation;
    std::string start;
    std::string stop;
    int absolute_orbit;
    std::string mission_take_id;
    std::string unique_id;
};

struct HrsiCase {
    std::string input;
    std::string product_type;
    std::string measurement;
    std::string mission;
    std::string tile;
    std::string version;
    int quality_flag;
    int aggregation_days;
    long long curation_timestamp;
};

}  // namespace

TEST_CASE("product_name_of takes the last path component without .SAFE", "[products]") {
    CHECK(product_name_of("S2A_MSIL1C_20160528T104032_N0202_R008_T31TGL_20160528T104248.SAFE") ==
          "S2A_MSIL1C_20160528T104032_N0202_R008_T31TGL_20160528T104248");
    CHECK(product_name_of("/eodata/Sentinel-2/MSI/L1C/2024/01/05/"
                          "S2A_MSIL1C_20240105T103431_N0510_R108_T31TGL_20240105T123456.SAFE/") ==
          "S2A_MSIL1C_20240105T103431_N0510_R108_T31TGL_20240105T123456");
    CHECK(product_name_of("s3://EODATA/Sentinel-1/SAR/GRD/2021/04/12/"
                          "S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917_218A.SAFE//") ==
          "S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917_218A");
    CHECK(product_name_of("FSC_20210412T103021_S2B_T32TLR_V102_1") ==
          "FSC_20210412T103021_S2B_T32TLR_V102_1");
    CHECK(product_name_of("") == "");
    CHECK(product_name_of("/") == "");
    CHECK(product_name_of("s3://") == "");
    CHECK(product_name_of("/eodata/.SAFE") == "");
}

TEST_CASE("parse_sentinel2_l1c reads every field of real L1C names and paths", "[products]") {
    std::vector<L1cCase> cases{
        {"S2A_MSIL1C_20160528T104032_N0202_R008_T31TGL_20160528T104248.SAFE",
         "S2A_MSIL1C_20160528T104032_N0202_R008_T31TGL_20160528T104248", "S2A",
         "2016-05-28T10:40:32Z", "N0202", 8, "31TGL", "2016-05-28T10:42:48Z"},
        {"/eodata/Sentinel-2/MSI/L1C/2024/01/05/"
         "S2A_MSIL1C_20240105T103431_N0510_R108_T31TGL_20240105T123456.SAFE",
         "S2A_MSIL1C_20240105T103431_N0510_R108_T31TGL_20240105T123456", "S2A",
         "2024-01-05T10:34:31Z", "N0510", 108, "31TGL", "2024-01-05T12:34:56Z"},
        {"/eodata/Sentinel-2/MSI/L1C/2024/01/05/"
         "S2A_MSIL1C_20240105T103431_N0510_R108_T31TGL_20240105T123456.SAFE/",
         "S2A_MSIL1C_20240105T103431_N0510_R108_T31TGL_20240105T123456", "S2A",
         "2024-01-05T10:34:31Z", "N0510", 108, "31TGL", "2024-01-05T12:34:56Z"},
        {"S2B_MSIL1C_20210412T103021_N0300_R108_T32TLR_20210412T124103",
         "S2B_MSIL1C_20210412T103021_N0300_R108_T32TLR_20210412T124103", "S2B",
         "2021-04-12T10:30:21Z", "N0300", 108, "32TLR", "2021-04-12T12:41:03Z"},
        {"s3://EODATA/Sentinel-2/MSI/L1C/2025/03/01/"
         "S2C_MSIL1C_20250301T101841_N0511_R065_T33TUN_20250301T122007.SAFE/",
         "S2C_MSIL1C_20250301T101841_N0511_R065_T33TUN_20250301T122007", "S2C",
         "2025-03-01T10:18:41Z", "N0511", 65, "33TUN", "2025-03-01T12:20:07Z"},
        {"S2B_MSIL1C_20230705T095559_N0509_R122_T34VFN_20230705T104927.SAFE",
         "S2B_MSIL1C_20230705T095559_N0509_R122_T34VFN_20230705T104927", "S2B",
         "2023-07-05T09:55:59Z", "N0509", 122, "34VFN", "2023-07-05T10:49:27Z"},
        {"S2A_MSIL1C_20220101T112451_N0400_R037_T29SNC_20220101T115012",
         "S2A_MSIL1C_20220101T112451_N0400_R037_T29SNC_20220101T115012", "S2A",
         "2022-01-01T11:24:51Z", "N0400", 37, "29SNC", "2022-01-01T11:50:12Z"},
        {"S2A_MSIL1C_20200615T235959_N0500_R143_T60WWV_20230512T234512.SAFE",
         "S2A_MSIL1C_20200615T235959_N0500_R143_T60WWV_20230512T234512", "S2A",
         "2020-06-15T23:59:59Z", "N0500", 143, "60WWV", "2023-05-12T23:45:12Z"},
        {"S2B_MSIL1C_20190310T083709_N0207_R064_T36RUU_20190310T121003.SAFE",
         "S2B_MSIL1C_20190310T083709_N0207_R064_T36RUU_20190310T121003", "S2B",
         "2019-03-10T08:37:09Z", "N0207", 64, "36RUU", "2019-03-10T12:10:03Z"},
        {"S2C_MSIL1C_20250120T110401_N0511_R001_T01CDH_20250120T130415",
         "S2C_MSIL1C_20250120T110401_N0511_R001_T01CDH_20250120T130415", "S2C",
         "2025-01-20T11:04:01Z", "N0511", 1, "01CDH", "2025-01-20T13:04:15Z"},
        {"S2B_MSIL1C_20240229T120000_N0510_R080_T35XNA_20240229T140000.SAFE",
         "S2B_MSIL1C_20240229T120000_N0510_R080_T35XNA_20240229T140000", "S2B",
         "2024-02-29T12:00:00Z", "N0510", 80, "35XNA", "2024-02-29T14:00:00Z"},
    };
    for (auto const& c : cases) {
        INFO(c.input);
        auto p = parse_sentinel2_l1c(c.input, "fsc_rlie_job");
        CHECK(p.product_id == c.product_id);
        CHECK(p.mission == c.mission);
        CHECK(format_rfc3339(p.sensing_start) == c.sensing_start);
        CHECK(p.baseline == c.baseline);
        CHECK(p.relative_orbit == c.relative_orbit);
        CHECK(p.tile == c.tile);
        CHECK(format_rfc3339(p.discriminator) == c.discriminator);

        auto any = parse_product(c.input);
        REQUIRE(std::holds_alternative<Sentinel2L1c>(any));
        CHECK(product_id_of(any) == c.product_id);
        CHECK(std::get<Sentinel2L1c>(any).tile == c.tile);
    }
}

TEST_CASE("parse_sentinel1 reads every field of real Sentinel-1 names", "[products]") {
    std::vector<S1Case> cases{
        {"S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917_218A.SAFE", "S1A", "IW",
         "GRD", 'H', 1, 'S', "DV", "2021-04-12T15:11:11Z", "2021-04-12T15:11:36Z", 37419,
         "046917", "218A"},
        {"/eodata/Sentinel-1/SAR/GRD/2020/01/10/"
         "S1B_EW_GRDM_1SDH_20200110T064512_20200110T064616_019743_0254A1_C3F2.SAFE/",
         "S1B", "EW", "GRD", 'M', 1, 'S', "DH", "2020-01-10T06:45:12Z", "2020-01-10T06:46:16Z",
         19743, "0254A1", "C3F2"},
        {"S1A_IW_SLC__1SDV_20230101T053015_20230101T053042_046580_059516_5E7F.SAFE", "S1A", "IW",
         "SLC", '_', 1, 'S', "DV", "2023-01-01T05:30:15Z", "2023-01-01T05:30:42Z", 46580,
         "059516", "5E7F"},
        {"S1A_WV_OCN__2SSV_20210412T120000_20210412T120315_037416_0468FF_9A1B", "S1A", "WV", "OCN",
         '_', 2, 'S', "SV", "2021-04-12T12:00:00Z", "2021-04-12T12:03:15Z", 37416, "0468FF",
         "9A1B"},
        {"S1C_IW_GRDH_1SDV_20250410T052210_20250410T052235_001234_0031A5_ABCD.SAFE", "S1C", "IW",
         "GRD", 'H', 1, 'S', "DV", "2025-04-10T05:22:10Z", "2025-04-10T05:22:35Z", 1234, "0031A5",
         "ABCD"},
        {"S1A_S3_GRDF_1SSH_20190701T180000_20190701T180025_027921_03273C_1F0E", "S1A", "S3", "GRD",
         'F', 1, 'S', "SH", "2019-07-01T18:00:00Z", "2019-07-01T18:00:25Z", 27921, "03273C",
         "1F0E"},
        {"S1B_IW_GRDH_1ADV_20211223T235950_20211224T000015_030124_0398C2_77E0.SAFE", "S1B", "IW",
         "GRD", 'H', 1, 'A', "DV", "2021-12-23T23:59:50Z", "2021-12-24T00:00:15Z", 30124,
         "0398C2", "77E0"},
    };
    for (auto const& c : cases) {
        INFO(c.input);
        auto p = parse_sentinel1(c.input, "rlies1_job");
        CHECK(p.product_id == product_name_of(c.input));
        CHECK(p.product_id.find(".SAFE") == std::string::npos);
        CHECK(p.mission == c.mission);
        CHECK(p.mode == c.mode);
        CHECK(p.product_type == c.product_type);
        CHECK(p.resolution == c.resolution);
        CHECK(p.level == c.level);
        CHECK(p.product_class == c.product_class);
        CHECK(p.polarisation == c.polarisation);
        CHECK(format_rfc3339(p.start) == c.start);
        CHECK(format_rfc3339(p.stop) == c.stop);
        CHECK(p.absolute_orbit == c.absolute_orbit);
        CHECK(p.mission_take_id == c.mission_take_id);
        CHECK(p.unique_id == c.unique_id);

        auto any = parse_product(c.input);
        REQUIRE(std::holds_alternative<Sentinel1>(any));
        CHECK(std::get<Sentinel1>(any).unique_id == c.unique_id);
    }
    // Start equal to stop is allowed (only a stop before the start is refused).
    CHECK_NOTHROW(parse_sentinel1(
        "S1A_IW_GRDH_1SDV_20210412T151111_20210412T151111_037419_046917_218A"));
}

TEST_CASE("parse_hrsi_product reads FSC, RLIE, RLIE-S1, SWS, WDS and GFSC names", "[products]") {
    std::vector<HrsiCase> cases{
        {"FSC_20210412T103021_S2B_T32TLR_V102_1", "FSC", "2021-04-12T10:30:21Z", "S2B", "T32TLR",
         "V102", 1, 0, 0},
        {"/eodata/HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/FSC/2020/01/01/"
         "FSC_20200101T104441_S2A_T31TGL_V100_0/",
         "FSC", "2020-01-01T10:44:41Z", "S2A", "T31TGL", "V100", 0, 0, 0},
        {"FSC_20250301T101841_S2C_T33TUN_V102_1", "FSC", "2025-03-01T10:18:41Z", "S2C", "T33TUN",
         "V102", 1, 0, 0},
        {"RLIE_20210412T103021_S2B_T32TLR_V100_0", "RLIE", "2021-04-12T10:30:21Z", "S2B", "T32TLR",
         "V100", 0, 0, 0},
        {"RLIE_20210412T051234_S1A_T32TLR_V100_1", "RLIE", "2021-04-12T05:12:34Z", "S1A", "T32TLR",
         "V100", 1, 0, 0},
        {"RLIE_20210412T000000_S1-S2_T32TLR_V100_1", "RLIE", "2021-04-12T00:00:00Z", "S1-S2",
         "T32TLR", "V100", 1, 0, 0},
        {"SWS_20210412T051234_S1A_T32TLR_V101_1", "SWS", "2021-04-12T05:12:34Z", "S1A", "T32TLR",
         "V101", 1, 0, 0},
        {"WDS_20210412T051234_S1B_T32TLR_V101_0", "WDS", "2021-04-12T05:12:34Z", "S1B", "T32TLR",
         "V101", 0, 0, 0},
        {"GFSC_20210412-007_S1-S2_T32TLR_V101_1618300800", "GFSC", "2021-04-12T00:00:00Z", "S1-S2",
         "T32TLR", "V101", -1, 7, 1618300800},
        {"s3://HRSI/CLMS/Pan-European/High_Resolution_Layers/Snow/GFSC/2024/02/29/"
         "GFSC_20240229-001_S2_T31TGL_V101_1709251200",
         "GFSC", "2024-02-29T00:00:00Z", "S2", "T31TGL", "V101", -1, 1, 1709251200},
    };
    for (auto const& c : cases) {
        INFO(c.input);
        auto p = parse_hrsi_product(c.input, "gfsc_job");
        CHECK(p.product_id == product_name_of(c.input));
        CHECK(p.product_type == c.product_type);
        CHECK(format_rfc3339(p.measurement) == c.measurement);
        CHECK(p.mission == c.mission);
        CHECK(p.tile == c.tile);
        CHECK(p.version == c.version);
        CHECK(p.quality_flag == c.quality_flag);
        CHECK(p.aggregation_days == c.aggregation_days);
        CHECK(p.curation_timestamp == c.curation_timestamp);

        auto any = parse_product(c.input);
        REQUIRE(std::holds_alternative<HrsiProduct>(any));
        CHECK(product_id_of(any) == p.product_id);
    }
}

TEST_CASE("parse_product refuses near-misses, naming the input and the reason", "[products]") {
    using Catch::Contains;
    struct Bad {
        std::string input;
        std::string reason;
    };
    std::vector<Bad> cases{
        {"S2B_MSIL2A_20210412T103021_N0300_R108_T32TLR_20210412T124103.SAFE",
         "a Sentinel-2 L2A product, not L1C"},
        {"S2D_MSIL1C_20210412T103021_N0300_R108_T32TLR_20210412T124103",
         "unknown Sentinel-2 mission 'S2D' (S2A, S2B or S2C)"},
        {"S2A_MSIL1C_20211301T103021_N0300_R108_T32TLR_20210412T124103",
         "bad sensing start '20211301T103021': no such date or time"},
        {"S2A_MSIL1C_20210230T103021_N0300_R108_T32TLR_20210412T124103",
         "bad sensing start '20210230T103021': no such date or time"},
        {"S2A_MSIL1C_20210412T103021_N0300_R108_T32TLR_20210412T250000",
         "bad discriminator date '20210412T250000'"},
        {"S2A_MSIL1C_20210412T103021_N0300_R108_T31TG_20210412T124103", "bad tile 'T31TG'"},
        {"S2A_MSIL1C_20210412T103021_N0300_R108_T61TGL_20210412T124103", "bad tile 'T61TGL'"},
        {"S2A_MSIL1C_20210412T103021_N0300_R108_T32ILR_20210412T124103", "bad tile 'T32ILR'"},
        {"S2A_MSIL1C_20210412T103021_N0300_R108_32TLRX_20210412T124103", "bad tile '32TLRX'"},
        {"S2A_MSIL1C_20210412T103021_R108_T32TLR_20210412T124103",
         "missing fields: 6 fields where a Sentinel-2 L1C name has 7"},
        {"s2a_msil1c_20210412t103021_n0300_r108_t32tlr_20210412t124103", "lowercase letters"},
        {"S2A_MSIL1C_20210412T103021_N0300_R108_T32TLR_20210412T124103_COG",
         "unexpected '_COG' after the discriminator date"},
        {"S2A_MSIL1C_20210412T103021_N0300_R108_T32TLR_20210412T124103.SAFE.zip",
         "unexpected '.SAFE.zip' after the discriminator date"},
        {"S2A_MSIL1C_20210412T103021_N0300_R000_T32TLR_20210412T124103",
         "bad relative orbit 'R000' (R001 to R143)"},
        {"S2A_MSIL1C_20210412T103021_N0300_R144_T32TLR_20210412T124103",
         "bad relative orbit 'R144'"},
        {"S2A_MSIL1C_20210412T103021_N05A9_R108_T32TLR_20210412T124103",
         "bad processing baseline 'N05A9'"},
        {"S2A_OPER_PRD_MSIL1C_PDMC_20160528T153142_R008_V20160528T104032_20160528T104248.SAFE",
         "2015-2016 naming"},
        {"", "empty product name"},
        {"/", "no product name"},
        {"s3://", "no product name"},
        {"/eodata/Sentinel-2/MSI/L1C/2024/01/05/",
         "'05' is not a Sentinel-2 L1C, Sentinel-1 or HR-S&I product name"},
        {"LC08_L1TP_195028_20210412_20210424_02_T1",
         "is not a Sentinel-2 L1C, Sentinel-1 or HR-S&I product name"},
        {"S3A_OL_1_EFR____20210412T095512_20210412T095812_20210413T140212_0179_070_350_2160_LN1_O_"
         "NT_002.SEN3",
         "a Sentinel-3 product"},
        {"S2A_MSIL1C_20210412T103021_N0300_R108_T32TLR_20210412T124103 ", "spaces"},
        // Sentinel-1
        {"S1D_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917_218A",
         "unknown Sentinel-1 mission 'S1D' (S1A, S1B or S1C)"},
        {"S1A_XX_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917_218A",
         "unknown Sentinel-1 mode 'XX'"},
        {"S1A_IW_RAW__0SDV_20210412T151111_20210412T151136_037419_046917_218A",
         "unknown Sentinel-1 product type 'RAW'"},
        {"S1A_IW_GRD__1SDV_20210412T151111_20210412T151136_037419_046917_218A",
         "bad resolution class '_' of a GRD product (F, H or M)"},
        {"S1A_IW_GRDH_1SHH_20210412T151111_20210412T151136_037419_046917_218A",
         "bad polarisation 'HH' in '1SHH'"},
        {"S1A_IW_GRDH_3SDV_20210412T151111_20210412T151136_037419_046917_218A",
         "bad processing level '3'"},
        {"S1A_IW_GRDH_1XDV_20210412T151111_20210412T151136_037419_046917_218A",
         "bad product class 'X'"},
        {"S1A_WV_OCN__1SSV_20210412T120000_20210412T120315_037416_0468FF_9A1B",
         "processing level 1 in '1SSV' does not fit an OCN product"},
        {"S1A_IW_GRDH_1SDV_20210412T151136_20210412T151111_037419_046917_218A",
         "stop time 20210412T151111 precedes start time 20210412T151136"},
        {"S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_37419_046917_218A",
         "bad absolute orbit '37419' (6 digits)"},
        {"S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_04691G_218A",
         "bad mission take id '04691G'"},
        {"S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917_218a",
         "lowercase letters"},
        {"S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917",
         "missing fields: 8 fields where a Sentinel-1 name has 9"},
        // HR-S&I
        {"FSC_20210412T103021_S1A_T32TLR_V102_1",
         "unknown mission 'S1A' of an FSC product (S2A, S2B or S2C)"},
        {"SWS_20210412T051234_S2A_T32TLR_V101_1", "unknown mission 'S2A' of an SWS product"},
        {"FSC_20210412T103021_S2B_32TLR_V102_1", "bad tile '32TLR'"},
        {"FSC_20210412T103021_S2B_T32TLR_V12_1", "bad product version 'V12'"},
        {"FSC_20210412T103021_S2B_T32TLR_V102_2", "bad quality flag '2' (0 or 1)"},
        {"FSC_20210412T103021_S2B_T32TLR_V102_1_QLK", "unexpected '_QLK' after the quality flag"},
        {"FSC_20210412T103021_S2B_T32TLR_V102_1.SAFE", "HR-S&I product names have no .SAFE"},
        {"FSC_2021-04-12_S2B_T32TLR_V102_1", "bad measurement date '2021-04-12' (YYYYMMDDTHHMMSS)"},
        {"GFSC_20210412-000_S1-S2_T32TLR_V101_1618300800", "bad aggregation '000'"},
        {"GFSC_20210412_S1-S2_T32TLR_V101_1618300800", "bad date and aggregation '20210412'"},
        {"GFSC_20210231-007_S1-S2_T32TLR_V101_1618300800", "bad date '20210231'"},
        {"GFSC_20210412-007_S3_T32TLR_V101_1618300800", "bad GFSC missions 'S3'"},
        {"GFSC_20210412-007_S1-S2_T32TLR_V101_2021-04-13", "bad curation time '2021-04-13'"},
        {"GFSC1_20210412-007_S1-S2_T32TLR_V101_1618300800", "an HR-S&I GFSC1 product"},
    };
    for (auto const& c : cases) {
        INFO(c.input);
        CHECK_THROWS_AS(parse_product(c.input), hrsi::InputError);
        CHECK_THROWS_WITH(parse_product(c.input), Contains(c.reason));
        if (!c.input.empty()) {
            // The message starts with the input as given.
            CHECK_THROWS_WITH(parse_product(c.input), Catch::StartsWith(c.input + ": "));
        }
    }
}

TEST_CASE("the kind-specific parsers say what a name of another kind is", "[products]") {
    using Catch::Contains;
    std::string const l2a = "S2B_MSIL2A_20210412T103021_N0300_R108_T32TLR_20210412T124103.SAFE";
    std::string const s1 = "S1A_IW_GRDH_1SDV_20210412T151111_20210412T151136_037419_046917_218A.SAFE";
    std::string const l1c = "S2A_MSIL1C_20160528T104032_N0202_R008_T31TGL_20160528T104248.SAFE";
    std::string const fsc = "FSC_20210412T103021_S2B_T32TLR_V102_1";

    CHECK_THROWS_AS(parse_sentinel2_l1c(l2a, "fsc_rlie_job"), hrsi::InputError);
    CHECK_THROWS_WITH(parse_sentinel2_l1c(l2a, "fsc_rlie_job"),
                      l2a + ": a Sentinel-2 L2A product, fsc_rlie_job takes Sentinel-2 L1C");
    CHECK_THROWS_WITH(parse_sentinel2_l1c("/eodata/x/" + l2a + "/", "fsc_rlie_job"),
                      Contains("a Sentinel-2 L2A product, fsc_rlie_job takes Sentinel-2 L1C"));
    CHECK_THROWS_WITH(parse_sentinel2_l1c(s1, "fsc_rlie_job"),
                      s1 + ": a Sentinel-1 product, fsc_rlie_job takes Sentinel-2 L1C");
    CHECK_THROWS_WITH(parse_sentinel2_l1c(fsc),
                      Contains("an HR-S&I FSC product, this job type takes Sentinel-2 L1C"));
    CHECK_THROWS_WITH(parse_sentinel1(l1c, "rlies1_job"),
                      Contains("a Sentinel-2 L1C product, rlies1_job takes Sentinel-1"));
    CHECK_THROWS_WITH(parse_hrsi_product(s1, "gfsc_job"),
                      Contains("a Sentinel-1 product, gfsc_job takes HR-S&I products"));
    CHECK_THROWS_WITH(parse_sentinel2_l1c("hello.txt"),
                      Contains("'hello.txt' is not a Sentinel-2 L1C product name"));
    CHECK_THROWS_WITH(parse_sentinel1("hello"), Contains("is not a Sentinel-1 product name"));
    CHECK_THROWS_WITH(parse_hrsi_product("hello"), Contains("is not an HR-S&I product name"));
    // Field errors read the same through the kind-specific parser.
    CHECK_THROWS_WITH(
        parse_sentinel2_l1c("S2D_MSIL1C_20210412T103021_N0300_R108_T32TLR_20210412T124103",
                            "fsc_rlie_job"),
        "S2D_MSIL1C_20210412T103021_N0300_R108_T32TLR_20210412T124103: unknown Sentinel-2 "
        "mission 'S2D' (S2A, S2B or S2C)");
    CHECK_THROWS_WITH(parse_sentinel2_l1c(""), "empty product name (expected a product name or path)");
}
