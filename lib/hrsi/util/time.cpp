// SPDX-License-Identifier: Apache-2.0
#include <hrsi/util/time.hpp>

#include <hrsi/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>

namespace hrsi::util {
namespace {

using namespace std::chrono;

class Scanner {
public:
    explicit Scanner(std::string_view text) : m_text(text) {}
    bool done() const { return m_pos == m_text.size(); }
    char peek() const { return done() ? '\0' : m_text[m_pos]; }
    bool eat(char c) {
        if (peek() != c) return false;
        ++m_pos;
        return true;
    }
    std::optional<int> digits(std::size_t count) {
        if (m_pos + count > m_text.size()) return std::nullopt;
        int value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            char c = m_text[m_pos + i];
            if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
            value = value * 10 + (c - '0');
        }
        m_pos += count;
        return value;
    }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
};

[[noreturn]] void bad_time(std::string_view text) {
    throw InputError(fmt::format(
        "'{}' is not a date or time; use e.g. 2026-11-27, 2026-11-27T10:00:00Z, "
        "2026-11-27T10:00:00.123+01:00",
        text));
}

}  // namespace

TimePoint parse_time(std::string_view text) {
    Scanner in(text);
    auto year = in.digits(4);
    if (!year || !in.eat('-')) bad_time(text);
    auto month = in.digits(2);
    if (!month || !in.eat('-')) bad_time(text);
    auto day = in.digits(2);
    if (!day) bad_time(text);
    year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                        std::chrono::day{static_cast<unsigned>(*day)}};
    // Year 0 does not exist (ISO 8601 writes 1 BC as 0000; PostgreSQL refuses it).
    if (!date.ok() || *year == 0) bad_time(text);
    microseconds time_of_day{0};
    if (!in.done()) {
        if (!in.eat('T') && !in.eat(' ') && !in.eat('t')) bad_time(text);
        auto hour = in.digits(2);
        if (!hour || !in.eat(':')) bad_time(text);
        auto minute = in.digits(2);
        if (!minute) bad_time(text);
        int second = 0;
        long micros = 0;
        if (in.eat(':')) {
            auto s = in.digits(2);
            if (!s) bad_time(text);
            second = *s;
            if (in.eat('.') || in.eat(',')) {
                int count = 0;
                while (std::isdigit(static_cast<unsigned char>(in.peek()))) {
                    int digit = *in.digits(1);
                    if (count < 6) micros = micros * 10 + digit;
                    ++count;
                }
                if (count == 0 || count > 9) bad_time(text);
                for (int i = count; i < 6; ++i) micros *= 10;
            }
        }
        if (*hour > 23 || *minute > 59 || second > 60) bad_time(text);
        time_of_day = hours{*hour} + minutes{*minute} + seconds{second} + microseconds{micros};
        if (in.eat('Z') || in.eat('z')) {
        } else if (in.peek() == '+' || in.peek() == '-') {
            int sign = in.eat('-') ? -1 : (in.eat('+'), 1);
            auto oh = in.digits(2);
            if (!oh) bad_time(text);
            in.eat(':');
            auto om = in.done() ? std::optional<int>{0} : in.digits(2);  // PostgreSQL: "+00"
            if (!om || *oh > 23 || *om > 59) bad_time(text);
            time_of_day -= sign * (hours{*oh} + minutes{*om});
        }
    }
    if (!in.done()) bad_time(text);
    return TimePoint{sys_days{date}} + time_of_day;
}

TimePoint parse_time_or_age(std::string_view text, TimePoint now) {
    // An age is digits and one unit letter ("90m"); anything else must be a time.
    bool digits_then_letter =
        text.size() >= 2 && std::isalpha(static_cast<unsigned char>(text.back())) &&
        std::all_of(text.begin(), text.end() - 1,
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    if (digits_then_letter) {
        std::string_view number = text.substr(0, text.size() - 1);
        long value = 0;
        for (char c : number) {
            if (!std::isdigit(static_cast<unsigned char>(c))) {
                value = -1;
                break;
            }
            value = value * 10 + (c - '0');
        }
        if (value >= 0 && number.size() <= 9) {
            switch (text.back()) {
                case 's': return now - seconds{value};
                case 'm': return now - minutes{value};
                case 'h': return now - hours{value};
                case 'd': return now - days{value};
                case 'w': return now - weeks{value};
                default: break;
            }
        }
        throw InputError(fmt::format(
            "'{}' is not an age; use a number and s, m, h, d or w (e.g. 90m, 2h, 7d)", text));
    }
    return parse_time(text);
}

std::string format_rfc3339(TimePoint time) {
    auto day = floor<days>(time);
    year_month_day date{day};
    hh_mm_ss clock{time - day};
    auto micros = clock.subseconds().count();
    std::string text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", int(date.year()),
                                   unsigned(date.month()), unsigned(date.day()),
                                   clock.hours().count(), clock.minutes().count(),
                                   clock.seconds().count());
    if (micros != 0) {
        text += fmt::format(".{:06}", micros);
    }
    return text + "Z";
}

std::string pg_timestamp_to_rfc3339(std::string_view text) {
    return format_rfc3339(parse_time(text));
}

TimePoint now() noexcept {
    return floor<microseconds>(system_clock::now());
}

TimePoint day_of(TimePoint time) noexcept {
    return floor<days>(time);
}

}  // namespace hrsi::util
