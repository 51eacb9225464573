// SPDX-License-Identifier: MIT
// Command line of newsdex-serve.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace newsdex::serve {

struct ServeOptions {
    std::vector<std::string> dbs;
    std::string host = "127.0.0.1";
    int port = 8080;
    unsigned threads = 0;          // searches at once (default: the cores)
    unsigned timeout_ms = 5000;    // a search's time, and a remote shard's
    std::size_t queue = 64;        // connections waiting for a thread
    std::size_t max_limit = 1000;  // the most hits one request may ask for
    std::size_t max_query = 4096;  // the longest query, in bytes
    bool quiet = false;            // no access log
    std::string cors;              // Access-Control-Allow-Origin, if any
    std::string token;             // the bearer token the API asks for
    bool no_auth = false;          // beyond loopback without a token
    bool allow_partial = false;
    bool exit_now = false;  // --help or --version printed
};

/// Whether `host` is a loopback address (127.0.0.0/8, ::1, localhost).
bool is_loopback(const std::string& host);

/// Parses the command line (cli/strict_options.h: unknown options name the
/// closest, numbers are range-checked; a repeated option takes its last value).
/// @throws std::invalid_argument with a message.
ServeOptions parse_serve_options(int argc, const char* const* argv);

}  // namespace newsdex::serve
