// SPDX-License-Identifier: MIT
#include "options.h"

#include "newsdex/version.h"

#include <boost/program_options.hpp>

#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace newsdex::cli {

namespace po = boost::program_options;

IndexOptions parse_index_options(int argc, const char* const* argv) {
    IndexOptions out;
    std::string progress = "auto";
    po::options_description visible(
        "Usage: newsdex-index [OPTIONS] [PATH|-]...\n\n"
        "Indexes news articles (.txt and .md files with optional YAML front matter,\n"
        "and a catalog.yaml beside them) into a newsdex database. Folders are read\n"
        "recursively. With no PATH, indexes the shipped corpus.\n\n"
        "Options"
    );
    visible.add_options()(
        "db",
        po::value(&out.db)->value_name("DIR"),
        "database folder (default: $NEWSDEX_DB, else ./newsdex.db)"
    )("jobs,j", po::value(&out.jobs)->value_name("N"), "worker threads (default: number of cores)"
    )("entities",
      po::value(&out.entity_files)->value_name("FILE")->composing(),
      "extra gazetteer file (TSV); repeatable"
    )("progress",
      po::value(&progress)->value_name("WHEN"),
      "progress bar on stderr: auto (a terminal), always, never"
    )("batch-size",
      po::value(&out.batch_size)->value_name("N"),
      "articles per committed batch (default 1000)"
    )("help,h", "print this help and exit")("version", "print the version and exit");
    po::options_description hidden;
    hidden.add_options()("input", po::value(&out.inputs)->composing());
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);

    po::variables_map vm;
    try {
        po::store(
            po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm
        );
        po::notify(vm);
    } catch (const po::error& e) {
        throw std::invalid_argument(std::string(e.what()) + " (see newsdex-index --help)");
    }
    if (vm.count("help") != 0U) {
        std::cout << visible << "\nExamples:\n"
                  << "  newsdex-index                          index the shipped corpus into "
                     "./newsdex.db\n"
                  << "  newsdex-index --db news.db archive/    index a folder, recursively\n"
                  << "  newsdex-index a.txt b.md               index two files\n\n"
                  << "Exit status: 0 all inputs indexed (or unchanged), 1 some inputs rejected\n"
                  << "(each named on stderr), 2 failure (nothing of this run committed).\n";
        out.exit_now = true;
        return out;
    }
    if (vm.count("version") != 0U) {
        std::cout << "newsdex-index " << kVersion << '\n';
        out.exit_now = true;
        return out;
    }
    if (progress == "auto") {
        out.progress = Progress::kAuto;
    } else if (progress == "always") {
        out.progress = Progress::kAlways;
    } else if (progress == "never") {
        out.progress = Progress::kNever;
    } else {
        throw std::invalid_argument(
            "--progress takes auto, always or never, not '" + progress + "'"
        );
    }
    if (out.batch_size == 0) {
        throw std::invalid_argument("--batch-size must be at least 1");
    }
    if (out.db.empty()) {
        const char* env = std::getenv("NEWSDEX_DB");
        out.db = env != nullptr && *env != '\0' ? env : "./newsdex.db";
    }
    return out;
}

}  // namespace newsdex::cli
