// SPDX-License-Identifier: MIT
#include "progress.h"

namespace newsdex::cli {

ProgressLine::~ProgressLine() {
    clear();
}

void ProgressLine::update(const IndexProgress& p) {
    if (!enabled_) {
        return;
    }
    const double mb = static_cast<double>(p.bytes) / 1e6;
    const double rate = p.seconds > 0 ? static_cast<double>(p.articles) / p.seconds : 0;
    std::fprintf(
        stderr,
        "\r\033[K%llu articles, %.1f MB, %.0f articles/s",
        static_cast<unsigned long long>(p.articles),
        mb,
        rate
    );
    if (p.total_bytes > 0 && p.bytes > 0 && p.bytes < p.total_bytes) {
        const double fraction = static_cast<double>(p.bytes) / static_cast<double>(p.total_bytes);
        const double eta = p.seconds / fraction - p.seconds;
        std::fprintf(stderr, ", %3.0f%%, ETA %.0f s", fraction * 100, eta);
    }
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressLine::clear() {
    if (drawn_) {
        std::fputs("\r\033[K", stderr);
        std::fflush(stderr);
        drawn_ = false;
    }
}

}  // namespace newsdex::cli
