// SPDX-License-Identifier: MIT
// newsdex-index: parse the options, call the library, report.
#include "newsdex/newsdex.h"

#include "options.h"
#include "progress.h"

#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <unistd.h>

namespace {

int fail(const std::string& message, const std::string& hint = {}) {
    std::cerr << "newsdex-index: " << message << (hint.empty() ? "" : "; " + hint) << '\n';
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace newsdex;
    cli::IndexOptions options;
    try {
        options = cli::parse_index_options(argc, argv);
    } catch (const std::invalid_argument& e) {
        return fail(e.what());
    }
    if (options.exit_now) {
        return 0;
    }
    if (options.inputs.empty()) {
        const auto corpus = find_shipped_corpus("/proc/self/exe");
        if (!corpus) {
            return fail(
                "no PATH given and the shipped corpus was not found",
                "name the files or folders to index"
            );
        }
        options.inputs.push_back(*corpus);
    }

    const bool tty = isatty(STDERR_FILENO) != 0;
    cli::ProgressLine progress(
        options.progress == cli::Progress::kAlways
        || (options.progress == cli::Progress::kAuto && tty)
    );
    IndexCallbacks callbacks;
    callbacks.on_problem = [&](const InputProblem& p) {
        progress.clear();
        std::cerr << "newsdex-index: " << (p.rejected ? "skipped " : "warning: ") << p.where << ": "
                  << p.message << '\n';
    };
    callbacks.on_progress = [&](const IndexProgress& p) {
        progress.update(p);
    };

    IndexOptions run;
    run.db_path = options.db;
    run.jobs = options.jobs;
    run.writer.batch_size = options.batch_size;
    run.writer.shards = options.shards;
    run.prune = options.prune;
    run.compact = options.compact;
    run.writer.lock_timeout_seconds = options.lock_timeout;
    run.writer.entity_files = options.entity_files;
    try {
        const IndexReport r = index_inputs(run, options.inputs, callbacks);
        progress.clear();
        std::printf(
            "newsdex-index: %llu indexed (%llu added, %llu updated), %llu unchanged, %llu removed, "
            "%llu "
            "skipped in %.2f s -> %s\n",
            static_cast<unsigned long long>(r.added + r.updated),
            static_cast<unsigned long long>(r.added),
            static_cast<unsigned long long>(r.updated),
            static_cast<unsigned long long>(r.unchanged),
            static_cast<unsigned long long>(r.removed),
            static_cast<unsigned long long>(r.skipped),
            r.seconds,
            options.db.c_str()
        );
        return r.skipped > 0 ? 1 : 0;
    } catch (const Error& e) {
        progress.clear();
        return fail(e.what(), e.hint());
    }
}
