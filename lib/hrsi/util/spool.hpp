// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdio>
#include <memory>
#include <ostream>
#include <string_view>

namespace hrsi::util {

// Output held back in an anonymous temporary file until it is known to be true (e.g. the ids
// of jobs, printed only once their transaction committed); memory stays small however much
// is held. The file disappears with the object.
class Spool {
public:
    Spool();
    void write(std::string_view text);
    // Copies everything written so far to `out` and starts empty again.
    void copy_to(std::ostream& out);
    // Forgets everything written so far.
    void discard();

private:
    struct Close {
        void operator()(std::FILE* file) const noexcept { std::fclose(file); }
    };
    std::unique_ptr<std::FILE, Close> m_file;
};

}  // namespace hrsi::util
