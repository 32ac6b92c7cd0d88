// SPDX-License-Identifier: Apache-2.0
// SignalStop gives back the signal mask and its descriptors, whether it is destroyed or its
// construction fails half-way.
#include <hrsi/error.hpp>
#include <hrsi/util/signal_stop.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <exception>
#include <string>

using namespace hrsi;

namespace {

bool stop_signals_blocked() {
    sigset_t mask;
    pthread_sigmask(SIG_BLOCK, nullptr, &mask);
    return sigismember(&mask, SIGTERM) == 1 || sigismember(&mask, SIGINT) == 1;
}

int lowest_free_descriptor() {
    int const fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    close(fd);
    return fd;
}

}  // namespace

TEST_CASE("signal stop: blocks SIGTERM and SIGINT while it lives, and unblocks them after", "[util][signal]") {
    REQUIRE_FALSE(stop_signals_blocked());
    int const free_before = lowest_free_descriptor();
    {
        util::SignalStop stop;
        CHECK(stop_signals_blocked());
        CHECK(stop.signal() == 0);
    }
    CHECK_FALSE(stop_signals_blocked());
    CHECK(lowest_free_descriptor() == free_before);
}

TEST_CASE("signal stop: when the eventfd cannot be made, the signalfd is closed and the signals unblocked",
          "[util][signal]") {
    REQUIRE_FALSE(stop_signals_blocked());
    // Room for exactly one more descriptor: the signalfd gets it, the eventfd fails (EMFILE).
    int const free_before = lowest_free_descriptor();
    rlimit previous{};
    REQUIRE(getrlimit(RLIMIT_NOFILE, &previous) == 0);
    // The sanitizers check a virtual call's type the first time through a pipe, which the tight
    // limit below would refuse: those checks are made here, before it.
    (void)fmt::format("{} {}", std::string("warm"), 1);
    try {
        throw InternalError("warm");
    } catch (InternalError const& error) {
        (void)error.what();
    }
    rlimit tight = previous;
    tight.rlim_cur = static_cast<rlim_t>(free_before + 1);
    REQUIRE(setrlimit(RLIMIT_NOFILE, &tight) == 0);
    // The exception is looked at once the limit is back: the sanitizers' own checks of a
    // virtual call may need a descriptor.
    std::exception_ptr caught;
    try {
        util::SignalStop stop;
    } catch (...) {
        caught = std::current_exception();
    }
    // Only one descriptor is allowed: it is free again only if the signalfd was closed.
    int const again = open("/dev/null", O_RDONLY | O_CLOEXEC);
    REQUIRE(setrlimit(RLIMIT_NOFILE, &previous) == 0);
    bool thrown = false;
    std::string message;
    try {
        if (caught) std::rethrow_exception(caught);
    } catch (InternalError const& error) {
        thrown = true;
        message = error.what();
    }
    CHECK(thrown);
    CHECK_THAT(message, Catch::Contains("eventfd"));
    CHECK(again == free_before);
    if (again >= 0) close(again);
    CHECK_FALSE(stop_signals_blocked());
}
