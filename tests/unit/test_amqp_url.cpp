// SPDX-License-Identifier: Apache-2.0
#include <hrsi/amqp/url.hpp>
#include <hrsi/error.hpp>

#include <catch2/catch.hpp>

using hrsi::amqp::Url;

TEST_CASE("amqp::Url parses a full address", "[amqp]") {
    auto const url = Url::parse("amqp://hrsi:s3cret@broker.example.org:5673/%2F");
    CHECK_FALSE(url.tls);
    CHECK(url.user == "hrsi");
    CHECK(url.password == "s3cret");
    CHECK(url.host == "broker.example.org");
    CHECK(url.port == 5673);
    CHECK(url.vhost == "/");
}

TEST_CASE("amqp::Url defaults: port by scheme, vhost '/', guest", "[amqp]") {
    auto const plain = Url::parse("amqp://localhost");
    CHECK(plain.port == 5672);
    CHECK(plain.vhost == "/");
    CHECK(plain.user == "guest");
    CHECK(plain.password == "guest");
    CHECK(Url::parse("amqp://localhost/").vhost == "/");

    auto const tls = Url::parse("amqps://u:p@broker");
    CHECK(tls.tls);
    CHECK(tls.port == 5671);
    CHECK(Url::parse("amqps://broker:6000").port == 6000);
}

TEST_CASE("amqp::Url percent-decodes user, password and vhost", "[amqp]") {
    auto const url = Url::parse("amqp://us%40er:p%3Aa%2Fss%40word@127.0.0.1:5672/prod%2Fhrsi");
    CHECK(url.user == "us@er");
    CHECK(url.password == "p:a/ss@word");
    CHECK(url.vhost == "prod/hrsi");
    CHECK(Url::parse("amqp://h/hrsi").vhost == "hrsi");
    CHECK(Url::parse("amqp://h/%2f").vhost == "/");
    // An '@' in the password needs no escape when it is before the last '@'.
    CHECK(Url::parse("amqp://u:a@b@h").password == "a@b");
    CHECK(Url::parse("amqp://u:@h").password.empty());
}

TEST_CASE("amqp::Url takes IPv6 hosts in brackets", "[amqp]") {
    auto const url = Url::parse("amqp://u:p@[::1]:5673/v");
    CHECK(url.host == "::1");
    CHECK(url.port == 5673);
    CHECK(url.describe() == "amqp://u@[::1]:5673/v");
    CHECK(Url::parse("amqp://[::1]").port == 5672);
}

TEST_CASE("amqp::Url refuses other schemes and malformed addresses", "[amqp]") {
    for (char const* text : {"http://h/", "amqp:/h", "h:5672", "", "AMQP://h", "amqp://", "amqp://u:p@",
                             "amqp://h:0", "amqp://h:65536", "amqp://h:x", "amqp://h:", "amqp://h/a/b",
                             "amqp://h/%zz", "amqp://h/?heartbeat=10", "amqp://[::1"}) {
        INFO(text);
        CHECK_THROWS_AS(Url::parse(text), hrsi::InputError);
    }
    CHECK_THROWS_WITH(Url::parse("http://h/"), Catch::Contains("amqp://") && Catch::Contains("'http'"));
}

TEST_CASE("amqp::Url::describe never shows the password", "[amqp]") {
    auto const url = Url::parse("amqps://hrsi:TopSecret%21@mq.example.org/%2F");
    CHECK(url.describe() == "amqps://hrsi@mq.example.org:5671/%2F");
    CHECK(url.describe().find("TopSecret") == std::string::npos);
    CHECK(Url::parse("amqp://u:p@h/my%20vhost").describe() == "amqp://u@h:5672/my%20vhost");
    // Nor do the parse errors.
    try {
        (void)Url::parse("amqp://u:Top%zzSecret@h/");
        FAIL("no error");
    } catch (hrsi::InputError const& error) {
        CHECK(std::string(error.what()).find("Top") == std::string::npos);
    }
}

TEST_CASE("amqp url: a password with an unencoded '/' or '@' is read whole and never echoed", "[amqp]") {
    auto const url = hrsi::amqp::Url::parse("amqp://svc:ab/cd@ef@broker.example:5673/prod");
    CHECK(url.user == "svc");
    CHECK(url.password == "ab/cd@ef");
    CHECK(url.host == "broker.example");
    CHECK(url.port == 5673);
    CHECK(url.vhost == "prod");
    CHECK_THROWS_WITH(hrsi::amqp::Url::parse("amqp://svc:12/34@host:notaport/v"),
                      !Catch::Contains("12/34") && Catch::Contains("notaport"));
}
