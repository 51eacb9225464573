// SPDX-License-Identifier: MIT
#include "options.h"

#include "newsdex/index_writer.h"
#include "newsdex/version.h"

#include "strict_options.h"

#include <boost/program_options.hpp>

#include <cctype>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace newsdex::cli {

namespace po = boost::program_options;

namespace {

// "32M", "512K", "1G", "1048576" (units of 1024; "MB" and "MiB" too).
std::size_t parse_size(const std::string& option, const std::string& text) {
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0) {
        ++digits;
    }
    std::string unit;
    for (const char c : text.substr(digits)) {
        unit.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
    int shift = -1;
    if (unit.empty() || unit == "B") {
        shift = 0;
    } else if (unit == "K" || unit == "KB" || unit == "KIB") {
        shift = 10;
    } else if (unit == "M" || unit == "MB" || unit == "MIB") {
        shift = 20;
    } else if (unit == "G" || unit == "GB" || unit == "GIB") {
        shift = 30;
    }
    if (digits == 0 || digits > 12 || shift < 0) {
        throw std::invalid_argument(
            option + " takes a size such as 32M, 512K or 1048576, not '" + text + "'"
        );
    }
    return static_cast<std::size_t>(std::stoull(text.substr(0, digits))) << shift;
}

// The option table: one entry per option.
void describe_options(po::options_description& visible) {
    // One call per option keeps the table readable under clang-format.
    auto option = visible.add_options();
    option(
        "db",
        po::value<std::string>()->value_name("DIR"),
        "database folder (default: $NEWSDEX_DB, else ./newsdex.db)"
    );
    option(
        "jobs,j",
        po::value<std::string>()->value_name("N"),
        "threads reading and analysing articles (default: number of cores)"
    );
    option(
        "shards",
        po::value<std::string>()->value_name("N"),
        "shard databases of a new index, written in parallel (default: --jobs)"
    );
    option(
        "entities",
        po::value<std::string>()->value_name("FILE")->composing(),
        "extra gazetteer file (TSV); repeatable, kept in the index"
    );
    option("prune", "remove articles that the inputs no longer have");
    option(
        "lock-timeout",
        po::value<std::string>()->value_name("SECONDS"),
        "wait this long for another newsdex-index writing the index (default 0)"
    );
    option("compact", "compact the index at the end (with --shards 1: merge its shards into one)");
    option(
        "check",
        "check the index (stub, every shard with Xapian's checker, stored settings, facet "
        "columns) and change nothing; exit 0 sound, 1 damaged"
    );
    option(
        "progress",
        po::value<std::string>()->value_name("WHEN"),
        "progress line on stderr: auto (a terminal), always, never"
    );
    option(
        "batch-size",
        po::value<std::string>()->value_name("N"),
        "articles per committed batch and shard (default 1000)"
    );
    option(
        "part-size",
        po::value<std::string>()->value_name("N"),
        "a new sharded index is built in parts of N articles per shard, merged at the end "
        "(default 50000; 0: one database per shard all along)"
    );
    option(
        "max-record-size",
        po::value<std::string>()->value_name("SIZE"),
        "skip, with a message, an article larger than this: a .txt or .md file, a JSON "
        "Lines line or a TREC document (default 32M; bytes, or with K, M or G; at most 256M)"
    );
    option("help,h", "print this help and exit");
    option("version", "print the version and exit");
}

// The options once --help and --version are answered.
void read_options(const SplitArgs& args, IndexOptions& out) {
    out.inputs = args.words;
    out.db = last(args, "db");
    if (given(args, "entities")) {
        out.entity_files = args.options.at("entities");
    }
    out.prune = given(args, "prune");
    out.compact = given(args, "compact");
    out.check = given(args, "check");
    out.jobs = static_cast<unsigned>(whole_number(args, "jobs", 0, 1, 1024));
    out.shards = whole_number(args, "shards", 0, 1, 4096);
    out.batch_size = whole_number(args, "batch-size", 1000, 1, 100000000);
    out.part_size = whole_number(args, "part-size", 50000, 0, 1000000000);
    out.lock_timeout = decimal_number(args, "lock-timeout", 0, 0, false, 86400);
    const std::string progress = last(args, "progress", "auto");
    if (progress == "auto") {
        out.progress = Progress::kAuto;
    } else if (progress == "always") {
        out.progress = Progress::kAlways;
    } else if (progress == "never") {
        out.progress = Progress::kNever;
    } else {
        throw std::invalid_argument(
            "--progress takes auto, always or never, not " + quoted(progress)
        );
    }
    if (out.check && (!out.inputs.empty() || out.prune || out.compact)) {
        throw std::invalid_argument(
            "--check reads the index and changes nothing: give it no PATH, --prune or --compact"
        );
    }
    if (out.prune && out.inputs.empty()) {
        throw std::invalid_argument(
            "--prune removes the articles that the PATHs no longer have, so it needs the PATHs the "
            "index was built from (without them it would remove every article)"
        );
    }
    if (given(args, "max-record-size")) {
        const std::string max_record = last(args, "max-record-size");
        out.max_record_bytes = parse_size("--max-record-size", max_record);
        if (out.max_record_bytes < 1024
            || out.max_record_bytes > newsdex::IndexOptions::kMaxRecordBytesLimit) {
            throw std::invalid_argument(
                "--max-record-size must be between 1K and 256M, not '" + max_record + "'"
            );
        }
    }
    if (out.db.empty()) {
        const char* env = std::getenv("NEWSDEX_DB");
        out.db = env != nullptr && *env != '\0' ? env : "./newsdex.db";
    }
}

}  // namespace

IndexOptions parse_index_options(int argc, const char* const* argv) {
    IndexOptions out;
    po::options_description visible(
        "Usage: newsdex-index [OPTIONS] [PATH|-]...\n\n"
        "Indexes news articles into a newsdex database: .txt and .md files (YAML\n"
        "front matter, a catalog.yaml beside them), JSON Lines (.jsonl, .ndjson; .json\n"
        "by its content) and TREC SGML (.trec, .sgml), plain or gzipped; - reads JSON\n"
        "Lines from standard input. Folders are read recursively; other files in them\n"
        "are counted by type. With no PATH, indexes the shipped corpus into a new\n"
        "index (or the demo index); with --compact alone, only compacts.\n"
        "Re-indexing skips unchanged articles and replaces changed ones.\n\n"
        "Options"
    );
    describe_options(visible);
    const SplitArgs args = split_args("newsdex-index", visible, argc, argv, DashWords::kOptions);
    if (given(args, "help")) {
        std::cout << visible << "\nExamples:\n"
                  << "  newsdex-index                          index the shipped corpus into "
                     "./newsdex.db\n"
                  << "  newsdex-index --db news.db archive/    index a folder, recursively\n"
                  << "  newsdex-index a.txt b.md               index two files\n"
                  << "  newsdex-index --prune archive.jsonl.gz re-index, dropping what is gone\n"
                  << "  newsdex-index --db news.db --compact   compact the index, nothing else\n"
                  << "  newsdex-index --db news.db --check     is the index sound?\n"
                  << "  zcat feed.jsonl.gz | newsdex-index -   JSON Lines from standard input\n\n"
                  << "Exit status: 0 all inputs indexed (or unchanged), 1 some inputs rejected\n"
                  << "(each named on stderr) or a PATH gave no article, 2 failure (nothing of\n"
                  << "this run committed).\n";
        out.exit_now = true;
        return out;
    }
    if (given(args, "version")) {
        std::cout << "newsdex-index " << kVersion << '\n';
        out.exit_now = true;
        return out;
    }
    read_options(args, out);
    return out;
}

}  // namespace newsdex::cli
