// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/job_types/gfsc/gfsc_metadata_xml.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <vector>

using namespace hrsi;
using namespace hrsi::jobs;

namespace {

// A GFSC's metadata as gf2.py writes it (tests/data/gfsc/): its series list names
// FSC_20231231T103431_S2A, FSC_20240101T103429_S2B, WDS_20240101T171530_S1A and
// SWS_20240101T171530_S1A, all of T32TLR.
std::string sample_metadata() {
    std::ifstream in(std::string(HRSI_TEST_DATA_DIR) + "/gfsc/GFSC_20240101-007_S1-S2_T32TLR_V101_1704153600_MTD.xml");
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

GfscInput input(std::string id, std::string kind, char const* time) {
    return {std::move(id), std::move(kind), util::parse_time(time)};
}

std::string series_of(std::string const& entries) {
    return R"(<?xml version="1.0"?><gmd:MD_Metadata xmlns:gmd="g" xmlns:gco="c"><gmd:series><gmd:DS_OtherAggregate>)" +
           entries + "</gmd:DS_OtherAggregate></gmd:series></gmd:MD_Metadata>";
}

std::string entry(std::string const& id) {
    return "<gmd:seriesMetadata><gmd:MD_Metadata><gmd:fileIdentifier><gco:CharacterString>" + id +
           "</gco:CharacterString></gmd:fileIdentifier></gmd:MD_Metadata></gmd:seriesMetadata>";
}

}  // namespace

TEST_CASE("gfsc metadata: the series list of a GFSC as gf2.py writes it", "[gfsc]") {
    CHECK(gfsc_series_ids(sample_metadata()) ==
          std::vector<std::string>{"FSC_20231231T103431_S2A_T32TLR_V102_1", "FSC_20240101T103429_S2B_T32TLR_V102_1",
                                   "WDS_20240101T171530_S1A_T32TLR_V101_1", "SWS_20240101T171530_S1A_T32TLR_V101_1"});
    // One entry (xmltodict gives a dict, which the reference wraps in a list) and none.
    CHECK(gfsc_series_ids(series_of(entry("FSC_20240101T103429_S2B_T32TLR_V102_1"))) ==
          std::vector<std::string>{"FSC_20240101T103429_S2B_T32TLR_V102_1"});
    CHECK(gfsc_series_ids(series_of("<gmd:composedOf/>")).empty());
    // Any namespace prefix, or none.
    CHECK(gfsc_series_ids("<MD_Metadata><series><DS_OtherAggregate><seriesMetadata><x:MD_Metadata><fileIdentifier>"
                          "<CharacterString> FSC_A </CharacterString></fileIdentifier></x:MD_Metadata>"
                          "</seriesMetadata></DS_OtherAggregate></series></MD_Metadata>") ==
          std::vector<std::string>{"FSC_A"});
}

TEST_CASE("gfsc metadata: a day whose every input the GFSC holds is obsolete", "[gfsc]") {
    std::vector<GfscInput> const inputs{
        input("GFSC_20240101-007_S1-S2_T32TLR_V101_1704153600", "gfsc", "2024-01-01"),
        input("FSC_20231231T103431_S2A_T32TLR_V102_1", "fsc", "2023-12-31T10:34:31.024Z"),
        input("FSC_20240101T103429_S2B_T32TLR_V102_1", "fsc", "2024-01-01T10:34:29.024Z"),
        input("WDS_20240101T171530_S1A_T32TLR_V101_1", "wds", "2024-01-01T17:15:30Z"),
        input("SWS_20240101T171530_S1A_T32TLR_V101_1", "sws", "2024-01-01T17:15:30Z"),
        input("FSC_20240102T103431_S2A_T32TLR_V102_1", "fsc", "2024-01-02T10:34:31.024Z"),
    };
    CHECK(obsolete_input_ids(sample_metadata(), inputs) ==
          std::vector<std::string>{"FSC_20231231T103431_S2A_T32TLR_V102_1", "FSC_20240101T103429_S2B_T32TLR_V102_1",
                                   "WDS_20240101T171530_S1A_T32TLR_V101_1", "SWS_20240101T171530_S1A_T32TLR_V101_1"});
}

TEST_CASE("gfsc metadata: a day with one new input is processed again, whole", "[gfsc]") {
    std::vector<GfscInput> const inputs{
        input("FSC_20231231T103431_S2A_T32TLR_V102_1", "fsc", "2023-12-31T10:34:31.024Z"),
        input("FSC_20240101T103429_S2B_T32TLR_V102_1", "fsc", "2024-01-01T10:34:29.024Z"),
        input("WDS_20240101T171530_S1A_T32TLR_V101_1", "wds", "2024-01-01T17:15:30Z"),
        // The provisional WDS of the day was held; its nominal twin is new.
        input("WDS_20240101T171530_S1A_T32TLR_V101_0", "wds", "2024-01-01T17:15:30Z"),
    };
    CHECK(obsolete_input_ids(sample_metadata(), inputs) ==
          std::vector<std::string>{"FSC_20231231T103431_S2A_T32TLR_V102_1"});
    // Nothing held, nothing obsolete; no input, nothing obsolete.
    CHECK(obsolete_input_ids(series_of(""), inputs).empty());
    CHECK(obsolete_input_ids(sample_metadata(), {}).empty());
}

TEST_CASE("gfsc metadata: an input listed twice is obsolete once, GFSC inputs never are", "[gfsc]") {
    std::vector<GfscInput> const inputs{
        input("FSC_20231231T103431_S2A_T32TLR_V102_1", "fsc", "2023-12-31T10:34:31.024Z"),
        input("FSC_20231231T103431_S2A_T32TLR_V102_1", "fsc", "2023-12-31T10:34:31.024Z"),
        input("GFSC_20231231-007_S1-S2_T32TLR_V101_1704067200", "gfsc", "2023-12-31"),
    };
    auto const xml = series_of(entry("FSC_20231231T103431_S2A_T32TLR_V102_1") +
                               entry("GFSC_20231231-007_S1-S2_T32TLR_V101_1704067200"));
    CHECK(obsolete_input_ids(xml, inputs) == std::vector<std::string>{"FSC_20231231T103431_S2A_T32TLR_V102_1"});
}

TEST_CASE("gfsc metadata: malformed metadata is refused with the reason", "[gfsc]") {
    struct Case {
        std::string xml;
        char const* reason;
    };
    std::vector<Case> const cases{
        {"", "GFSC metadata: not XML"},
        {"<gmd:MD_Metadata><gmd:series>", "GFSC metadata: not XML"},
        {"<other/>", "the root element is <other>, not MD_Metadata"},
        {"<gmd:MD_Metadata/>", "has no series/DS_OtherAggregate"},
        {"<gmd:MD_Metadata><gmd:series/></gmd:MD_Metadata>", "has no series/DS_OtherAggregate"},
        // The template as components/gf/GFSC_Metadata.xml has it, not filled.
        {series_of("<gmd:seriesMetadata>[METADATA_OF_AGGREGATED_PRODUCT]</gmd:seriesMetadata>"),
         "series entry 1 has no MD_Metadata/fileIdentifier/CharacterString"},
        {series_of(entry("FSC_A") + entry(" ")), "series entry 2 has no"},
    };
    std::vector<GfscInput> const inputs{input("FSC_20240101T103429_S2B_T32TLR_V102_1", "fsc", "2024-01-01")};
    for (auto const& c : cases) {
        CAPTURE(c.xml);
        CHECK_THROWS_AS(gfsc_series_ids(c.xml), InputError);
        CHECK_THROWS_WITH(gfsc_series_ids(c.xml), Catch::Contains(c.reason));
        CHECK_THROWS_WITH(obsolete_input_ids(c.xml, inputs), Catch::Contains(c.reason));
    }
}

TEST_CASE("gfsc metadata: an input of unknown kind is the caller's bug", "[gfsc]") {
    std::vector<GfscInput> const inputs{input("RLIE_20240101T103429_S2B_T32TLR_V102_1", "rlie", "2024-01-01")};
    CHECK_THROWS_AS(obsolete_input_ids(sample_metadata(), inputs), InternalError);
}
