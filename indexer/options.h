// SPDX-License-Identifier: MIT
// Command line of newsdex-index.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace newsdex::cli {

enum class Progress { kAuto, kAlways, kNever };

struct IndexOptions {
    std::string db;
    unsigned jobs = 0;
    std::size_t shards = 0;
    bool prune = false;
    bool compact = false;
    bool check = false;
    double lock_timeout = 0;
    std::vector<std::string> entity_files;
    Progress progress = Progress::kAuto;
    std::size_t batch_size = 1000;
    std::size_t part_size = 50000;
    std::size_t max_record_bytes = 0;  // 0: the library's default
    std::vector<std::string> inputs;
    bool exit_now = false;  // --help or --version printed
};

/// Parses the command line. @throws std::invalid_argument with a message.
IndexOptions parse_index_options(int argc, const char* const* argv);

}  // namespace newsdex::cli
