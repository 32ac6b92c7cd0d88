// SPDX-License-Identifier: Apache-2.0
// Running a program with streamed output, a time limit and a stop request. Plain POSIX
// (posix_spawn, poll, waitid) rather than Boost.Process: the child needs its own process
// group, and the caller needs the raw wait status (signal numbers) and group-wide signals.
#include "child_process.hpp"

#include <hrsi/util/fd.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

extern char** environ;

namespace hrsi::util {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr std::size_t max_line = 64 * 1024;
// After the program ended: how long its output may still take to arrive.
constexpr auto drain_limit = 2s;

std::pair<Fd, Fd> make_pipe() {
    std::array<int, 2> fds{};
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
        throw InternalError(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
    }
    return {Fd(fds[0]), Fd(fds[1])};
}

// The inherited environment with `overrides` set and `removed` left out.
std::vector<std::string> child_environment(std::map<std::string, std::string> const& overrides,
                                           std::vector<std::string> const& removed) {
    std::vector<std::string> result;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        std::string_view text(*entry);
        std::string name(text.substr(0, text.find('=')));
        if (!overrides.contains(name) &&
            std::find(removed.begin(), removed.end(), name) == removed.end()) {
            result.emplace_back(text);
        }
    }
    for (auto const& [name, value] : overrides) result.push_back(name + "=" + value);
    return result;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> result;
    result.reserve(strings.size() + 1);
    for (auto& s : strings) result.push_back(s.data());
    result.push_back(nullptr);
    return result;
}

// posix_spawn's attribute and file-action objects, destroyed on every path.
struct SpawnSetup {
    posix_spawnattr_t attributes{};
    posix_spawn_file_actions_t actions{};
    SpawnSetup() {
        posix_spawnattr_init(&attributes);
        posix_spawn_file_actions_init(&actions);
    }
    SpawnSetup(SpawnSetup const&) = delete;
    SpawnSetup& operator=(SpawnSetup const&) = delete;
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
    }
};

pid_t spawn(ChildOptions const& options, int out, int err) {
    if (options.arguments.empty()) throw InternalError("run_child: no program given");
    SpawnSetup setup;
    // Own process group (so the whole tree can be signalled), no blocked signals, and the
    // signals a parent commonly ignores or handles back to their defaults.
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGCHLD,
                  SIGTTIN, SIGTTOU}) {
        sigaddset(&defaults, s);
    }
    sigset_t no_mask;
    sigemptyset(&no_mask);
    posix_spawnattr_setflags(&setup.attributes,
                             POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    posix_spawnattr_setpgroup(&setup.attributes, 0);
    posix_spawnattr_setsigdefault(&setup.attributes, &defaults);
    posix_spawnattr_setsigmask(&setup.attributes, &no_mask);

    posix_spawn_file_actions_addopen(&setup.actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&setup.actions, out, 1);
    posix_spawn_file_actions_adddup2(&setup.actions, err, 2);
    if (!options.working_directory.empty()) {
        posix_spawn_file_actions_addchdir_np(&setup.actions, options.working_directory.c_str());
    }

    auto arguments = options.arguments;
    auto argv = pointers(arguments);
    auto environment = child_environment(options.environment, options.unset_environment);
    auto envp = pointers(environment);
    pid_t pid = -1;
    int status = ::posix_spawnp(&pid, argv[0], &setup.actions, &setup.attributes, argv.data(), envp.data());
    if (status != 0) {
        std::string where = options.working_directory.empty()
                                ? std::string()
                                : fmt::format(" in {}", options.working_directory.string());
        throw ChildStartError(fmt::format("cannot run '{}'{}: {}", options.arguments.front(), where,
                                          std::strerror(status)));
    }
    return pid;
}

// Splits one stream into lines.
class LineSplitter {
public:
    LineSplitter(OutputStream stream, LineCallback const& on_line) : m_stream(stream), m_on_line(on_line) {}

    void add(std::string_view data) {
        while (!data.empty()) {
            auto end = data.find('\n');
            if (end == std::string_view::npos) {
                m_pending.append(data);
                while (m_pending.size() >= max_line) {
                    emit(std::string_view(m_pending).substr(0, max_line));
                    m_pending.erase(0, max_line);
                }
                return;
            }
            if (m_pending.empty()) {
                emit(data.substr(0, end));
            } else {
                m_pending.append(data.substr(0, end));
                emit(m_pending);
                m_pending.clear();
            }
            data.remove_prefix(end + 1);
        }
    }
    void finish() {
        if (!m_pending.empty()) emit(m_pending);
        m_pending.clear();
    }

private:
    void emit(std::string_view line) {
        if (m_on_line) m_on_line(m_stream, line);
    }
    OutputStream m_stream;
    LineCallback const& m_on_line;
    std::string m_pending;
};

// The running child: reaps it and kills what is left of its group on every path out.
class Child {
public:
    explicit Child(pid_t pid) : m_pid(pid) {}
    Child(Child const&) = delete;
    Child& operator=(Child const&) = delete;
    ~Child() {
        if (!m_reaped) {
            kill_group(SIGKILL);
            int status = 0;
            while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
            }
        }
    }

    // True once the child has ended; then status() is its wait status. Before reaping, the
    // rest of its process group is killed (the unreaped zombie keeps the group id from being
    // reused meanwhile).
    bool poll_exit() {
        if (m_reaped) return true;
        siginfo_t info{};
        if (::waitid(P_PID, static_cast<id_t>(m_pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return false;
        if (info.si_pid != m_pid) return false;
        kill_group(SIGKILL);
        while (::waitpid(m_pid, &m_status, 0) < 0 && errno == EINTR) {
        }
        m_reaped = true;
        return true;
    }
    void kill_group(int signal) const noexcept {
        if (!m_reaped) ::kill(-m_pid, signal);
    }
    [[nodiscard]] int status() const noexcept { return m_status; }

private:
    pid_t m_pid;
    bool m_reaped = false;
    int m_status = 0;
};

// Reads what is available; returns false at end of file.
bool read_some(Fd& fd, LineSplitter& splitter) {
    std::array<char, 65536> buffer{};
    for (;;) {
        auto n = ::read(fd.get(), buffer.data(), buffer.size());
        if (n > 0) {
            splitter.add(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
            if (static_cast<std::size_t>(n) < buffer.size()) return true;
            continue;
        }
        if (n == 0) return false;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
        return false;
    }
}

}  // namespace

std::string ChildResult::describe() const {
    switch (ending) {
    case Ending::exited:
        return fmt::format("exit code {}", exit_code);
    case Ending::signalled: {
        char const* name = ::sigabbrev_np(signal);
        return name != nullptr ? fmt::format("killed by signal {} (SIG{})", signal, name)
                               : fmt::format("killed by signal {}", signal);
    }
    case Ending::timed_out:
        return fmt::format("timed out after {} s", duration.count() / 1000);
    case Ending::stopped:
        return "stopped on request";
    }
    return "unknown ending";
}

ChildResult run_child(ChildOptions const& options, LineCallback const& on_line, std::stop_token stop) {
    auto [out_read, out_write] = make_pipe();
    auto [err_read, err_write] = make_pipe();
    auto start = Clock::now();
    Child child(spawn(options, out_write.get(), err_write.get()));
    out_write.reset();
    err_write.reset();
    for (Fd const* fd : {&out_read, &err_read}) ::fcntl(fd->get(), F_SETFL, O_NONBLOCK);

    LineSplitter out_lines(OutputStream::out, on_line);
    LineSplitter err_lines(OutputStream::err, on_line);
    constexpr auto never = Clock::time_point::max();
    auto deadline = options.time_limit > 0ms ? start + options.time_limit : never;
    std::optional<ChildResult::Ending> forced;  // timed_out or stopped, once terminating
    auto kill_at = never;
    auto exited_at = never;
    bool exited = false;
    // Declared after `child`, so it is joined before the child is cleaned up.
    std::jthread terminator;

    for (;;) {
        std::array<pollfd, 2> fds{};
        nfds_t count = 0;
        for (Fd const* fd : {&out_read, &err_read}) {
            if (*fd) fds[count++] = pollfd{fd->get(), POLLIN, 0};
        }
        int timeout_ms = count > 0 ? 50 : 10;
        int ready = ::poll(fds.data(), count, timeout_ms);
        if (ready < 0 && errno != EINTR) {
            throw InternalError(fmt::format("poll on a child's output failed: {}", std::strerror(errno)));
        }
        if (ready > 0) {
            for (nfds_t i = 0; i < count; ++i) {
                if (fds[i].revents == 0) continue;
                bool is_out = out_read && fds[i].fd == out_read.get();
                Fd& fd = is_out ? out_read : err_read;
                if (!read_some(fd, is_out ? out_lines : err_lines)) fd.reset();
            }
        }
        auto now = Clock::now();
        if (!exited && child.poll_exit()) {
            exited = true;
            exited_at = now;
        }
        if (exited && ((!out_read && !err_read) || now - exited_at > drain_limit)) break;
        if (exited) continue;
        if (!forced) {
            if (stop.stop_requested()) {
                forced = ChildResult::Ending::stopped;
            } else if (now >= deadline) {
                forced = ChildResult::Ending::timed_out;
            }
            if (forced) {
                kill_at = now + options.grace;
                if (options.terminate) {
                    terminator = std::jthread([&terminate = options.terminate] {
                        try {
                            terminate();
                        } catch (...) {
                            // The SIGKILL after the grace period still ends the child.
                        }
                    });
                } else {
                    child.kill_group(SIGTERM);
                }
            }
        } else if (now >= kill_at) {
            child.kill_group(SIGKILL);
            kill_at = never;
        }
    }
    out_lines.finish();
    err_lines.finish();
    if (terminator.joinable()) terminator.join();

    ChildResult result;
    result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    int status = child.status();
    if (WIFEXITED(status)) {
        result.ending = ChildResult::Ending::exited;
        result.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result.ending = ChildResult::Ending::signalled;
        result.signal = WTERMSIG(status);
    }
    if (forced) result.ending = *forced;
    return result;
}

std::string shell_quoted(std::vector<std::string> const& arguments) {
    std::string result;
    for (auto const& argument : arguments) {
        if (!result.empty()) result += ' ';
        bool plain = !argument.empty() &&
                     argument.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                "0123456789_./:=,+@%-") == std::string::npos;
        if (plain) {
            result += argument;
            continue;
        }
        result += '\'';
        for (char c : argument) {
            if (c == '\'') {
                result += "'\\''";
            } else {
                result += c;
            }
        }
        result += '\'';
    }
    return result;
}

}  // namespace hrsi::util
