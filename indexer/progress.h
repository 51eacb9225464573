// SPDX-License-Identifier: MIT
// The progress line newsdex-index draws on a terminal.
#pragma once

#include "newsdex/index_writer.h"

#include <cstdio>

namespace newsdex::cli {

/// Draws "articles, MB, articles/s, ETA" on one line of stderr, redrawn in place.
class ProgressLine {
  public:
    explicit ProgressLine(bool enabled) : enabled_(enabled) {}

    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;
    ProgressLine(ProgressLine&&) = delete;
    ProgressLine& operator=(ProgressLine&&) = delete;
    ~ProgressLine();

    void update(const IndexProgress& p);

    /// Clears the line (before other output, and at the end).
    void clear();

  private:
    bool enabled_;
    bool drawn_ = false;
};

}  // namespace newsdex::cli
