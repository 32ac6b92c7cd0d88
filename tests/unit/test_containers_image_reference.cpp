// SPDX-License-Identifier: Apache-2.0
#include <hrsi/containers/image_reference.hpp>
#include <hrsi/error.hpp>
#include <hrsi/util/argv_check.hpp>

#include <catch2/catch.hpp>

#include <string>

using hrsi::containers::is_container_user;
using hrsi::containers::is_image_reference;

TEST_CASE("image references follow the OCI reference grammar", "[containers][security]") {
    for (auto const* valid :
         {"busybox", "localhost/hrsi-test:1", "registry.example/si-processing:4.5.3", "docker.io/library/ubuntu:22.04",
          "registry.example:5000/eea/hrsi/fsc_rlie:V1.0.2", "a__b/c-d---e.f:tag_1.2-x",
          "[::1]:5000/x:1",
          "ghcr.io/eea/si@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
          "x:1@sha256:0123456789abcdef0123456789abcdef"}) {
        INFO(valid);
        CHECK(is_image_reference(valid));
    }
    for (auto const* invalid :
         {"", "--privileged", "-it", "--volume=/:/host", "x --privileged", "UPPER:1", "x:", ":tag", "x::1", "a//b",
          "/abs", "x:-tag", "x@sha256:short", "x\n", "x\t:1", "x:1 ", "-", "--", "x:1;rm -rf /", "$(id)"}) {
        INFO(invalid);
        CHECK_FALSE(is_image_reference(invalid));
    }
    CHECK(is_image_reference("x:" + std::string(128, 't')));
    CHECK_FALSE(is_image_reference("x:" + std::string(129, 't')));
    CHECK(is_image_reference(std::string(255, 'a')));
    CHECK_FALSE(is_image_reference(std::string(256, 'a')));
}

TEST_CASE("container users are a name or uid, with an optional group", "[containers][security]") {
    for (auto const* valid : {"1000", "1000:1000", "nobody", "hrsi:hrsi", "app_user.1"}) {
        INFO(valid);
        CHECK(is_container_user(valid));
    }
    for (auto const* invalid : {"", "--privileged", "-u", "0:0 --privileged", "a:b:c", "user name", ".hidden", ":1"}) {
        INFO(invalid);
        CHECK_FALSE(is_container_user(invalid));
    }
}

TEST_CASE("values for another program's command line are never options", "[util][security]") {
    using hrsi::util::check_argument;
    CHECK_NOTHROW(check_argument("hrsi-job-1-attempt-2", "id"));
    CHECK_NOTHROW(check_argument("/var/tmp/x", "path"));
    CHECK_NOTHROW(check_argument("HRSIS3:bucket/key", "remote"));
    for (auto const* bad : {"", "-x", "--privileged", "a\nb", "a\tb"}) {
        INFO(bad);
        CHECK_THROWS_AS(check_argument(bad, "value"), hrsi::InternalError);
    }
    CHECK_THROWS_WITH(check_argument("--config=/etc/shadow", "Nomad dispatch id"),
                      Catch::Contains("Nomad dispatch id") && Catch::Contains("refused"));
}
