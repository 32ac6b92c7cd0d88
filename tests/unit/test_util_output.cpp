// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/output.hpp>

#include <catch2/catch.hpp>

#include <sstream>

using hrsi::util::Table;
using hrsi::util::TableWriter;

TEST_CASE("util::TableWriter in one batch prints what print_table prints", "[util]") {
    Table table{{"id", "name"}, {{"1", "a"}, {"22", std::nullopt}, {"3", "tab\there"}}};
    std::ostringstream whole;
    hrsi::util::print_table(whole, table, false);
    CHECK(whole.str() == "id  name\n1   a\n22  -\n3   tab here\n");
}

TEST_CASE("util::TableWriter takes its widths from the first batch and widens for later ones", "[util]") {
    std::ostringstream out;
    TableWriter writer(out, false);
    writer.write(Table{{"id", "name"}, {{"1", "a"}}});
    CHECK(out.str() == "id  name\n1   a\n");  // the first lines are out before the rest exists
    writer.write(Table{{"id", "name"}, {{"12345", "b"}, {"6", "c"}}});
    CHECK(out.str() == "id  name\n1   a\n12345  b\n6      c\n");
}

TEST_CASE("util::TableWriter prints the header of an empty first batch", "[util]") {
    std::ostringstream out;
    TableWriter writer(out, false);
    writer.write(Table{{"id", "name"}, {}});
    writer.write(Table{{"id", "name"}, {}});
    CHECK(out.str() == "id  name\n");
}
