// SPDX-License-Identifier: Apache-2.0
#include <hrsi/error.hpp>
#include <hrsi/util/job_ids.hpp>

#include <catch2/catch.hpp>

#include <sstream>

using hrsi::util::read_job_ids;
using Ids = std::vector<std::int64_t>;

TEST_CASE("read_job_ids takes arguments and '-' for stdin, once each", "[util]") {
    std::istringstream in("7\n8 9 # a comment\n\n  10,11\n7\n");
    CHECK(read_job_ids({"3", "-", "4", "3"}, in) == Ids{3, 7, 8, 9, 10, 11, 4});
    std::istringstream empty;
    CHECK(read_job_ids({"-"}, empty).empty());
}

TEST_CASE("read_job_ids refuses non-ids with usage or input errors", "[util]") {
    std::istringstream in;
    CHECK_THROWS_AS(read_job_ids({"abc"}, in), hrsi::UsageError);
    CHECK_THROWS_AS(read_job_ids({"0"}, in), hrsi::UsageError);
    CHECK_THROWS_AS(read_job_ids({"-5"}, in), hrsi::UsageError);
    CHECK_THROWS_AS(read_job_ids({"12x"}, in), hrsi::UsageError);
    CHECK_THROWS_WITH(read_job_ids({"abc"}, in), Catch::Contains("'abc' is not a job id"));
    std::istringstream bad("1\n2 x3\n");
    CHECK_THROWS_WITH(read_job_ids({"-"}, bad), Catch::Contains("line 2") && Catch::Contains("'x3'"));
}
