// SPDX-License-Identifier: Apache-2.0
#include <hrsi/containers/image_reference.hpp>

#include <regex>
#include <string>

namespace hrsi::containers {
namespace {

// The grammar of distribution/reference's regexp.go, written out.
std::regex const& image_reference_pattern() {
    static std::regex const pattern = [] {
        std::string const domain_component = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
        std::string const host = "(?:" + domain_component + "(?:\\." + domain_component + ")*|\\[[a-fA-F0-9:]+\\])";
        std::string const domain = host + "(?::[0-9]+)?";
        std::string const path_component = "[a-z0-9]+(?:(?:[_.]|__|-+)[a-z0-9]+)*";
        std::string const name = "(?:" + domain + "/)?" + path_component + "(?:/" + path_component + ")*";
        std::string const tag = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
        std::string const digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
        return std::regex("(" + name + ")(?::" + tag + ")?(?:@" + digest + ")?");
    }();
    return pattern;
}

}  // namespace

bool is_image_reference(std::string_view reference) {
    constexpr std::size_t name_limit = 255;
    if (reference.empty() || reference.size() > 1024) return false;
    std::match_results<std::string_view::const_iterator> match;
    if (!std::regex_match(reference.begin(), reference.end(), match, image_reference_pattern())) return false;
    return static_cast<std::size_t>(match.length(1)) <= name_limit;
}

bool is_container_user(std::string_view user) {
    static std::regex const pattern("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?");
    return !user.empty() && user.size() <= 65 && std::regex_match(user.begin(), user.end(), pattern);
}

}  // namespace hrsi::containers
