// SPDX-License-Identifier: MIT
// newsdex-serve: parse the options, open the databases, serve (docs/serve.md).
#include "newsdex/error.h"
#include "newsdex/searcher.h"

#include "api.h"
#include "serve_options.h"
#include "server.h"

#include <csignal>
#include <iostream>
#include <pthread.h>
#include <stdexcept>
#include <thread>

namespace {

int fail(const std::string& message, const std::string& hint = {}) {
    std::cerr << "newsdex-serve: " << message << (hint.empty() ? "" : "; " + hint) << '\n';
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace newsdex;
    serve::ServeOptions options;
    try {
        options = serve::parse_serve_options(argc, argv);
    } catch (const std::invalid_argument& e) {
        return fail(e.what());
    }
    if (options.exit_now) {
        return 0;
    }
    // SIGTERM and SIGINT are waited for by one thread, which stops the
    // server: the requests in flight are answered first.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    try {
        SearcherOptions open;
        open.timeout_ms = options.timeout_ms;
        open.allow_partial = options.allow_partial;
        open.match_time_limit_ms = options.timeout_ms;
        const Searcher searcher(options.dbs, open);
        serve::Limits limits;
        limits.max_limit = options.max_limit;
        limits.max_query = options.max_query;
        limits.timeout = std::chrono::milliseconds(options.timeout_ms);
        const serve::Api api(searcher, limits);
        serve::Server server(api, options);
        const int port = server.bind();
        std::thread([&server, stop_signals] {
            int signal = 0;
            sigwait(&stop_signals, &signal);
            server.stop();
        }).detach();
        const bool v6 = options.host.find(':') != std::string::npos;
        std::cout << "newsdex-serve: listening on http://" << (v6 ? "[" : "") << options.host
                  << (v6 ? "]" : "") << ':' << port << "/" << std::endl;
        server.run();
        if (!options.quiet) {
            std::cerr << "newsdex-serve: stopped\n";
        }
        return 0;
    } catch (const Error& e) {
        return fail(e.what(), e.hint());
    } catch (const std::runtime_error& e) {
        return fail(e.what());
    }
}
