// SPDX-License-Identifier: MIT
// Walking the inputs: the files and folders given, their article files and
// the catalogs beside them.
#include "catalog/reader.h"
#include "util/escape.h"

#include <algorithm>
#include <map>
#include <set>

namespace newsdex::detail {

namespace fs = std::filesystem;

namespace {

// The id of an article without one: its path below the indexed folder,
// without the extension.
std::string id_from_relative(fs::path rel) {
    if (rel.extension() == ".gz") {
        rel.replace_extension();
    }
    rel.replace_extension();
    return rel.generic_string();
}

std::string join_display(const std::string& base, const fs::path& rel) {
    if (base.empty() || base == ".") {
        return rel.generic_string();
    }
    if (base.back() == '/') {
        return base + rel.generic_string();
    }
    return base + "/" + rel.generic_string();
}

std::string kind_of(fs::file_type type) {
    switch (type) {
    case fs::file_type::fifo:
        return "a FIFO";
    case fs::file_type::socket:
        return "a socket";
    case fs::file_type::character:
        return "a character device";
    case fs::file_type::block:
        return "a block device";
    default:
        return "of an unknown kind";
    }
}

// Why `path`, whose status could not be read, is not read: a symbolic link
// to nothing or in a loop, a file that vanished, or what the system says.
std::string unreadable(const fs::path& path, const std::error_code& ec) {
    std::error_code link_ec;
    if (ec == std::errc::no_such_file_or_directory
        && fs::is_symlink(fs::symlink_status(path, link_ec))) {
        const fs::path target = fs::read_symlink(path, link_ec);
        return "a symbolic link to nothing (" + quote(target.string(), kMaxQuotedPath)
               + " does not exist); fix or remove it";
    }
    return read_problem(ec);
}

// Why a file with an article's name that is not a regular file is skipped.
std::string not_regular(const fs::path& path, const fs::file_status& status) {
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(path, ec))) {
        return "not a regular file (a symbolic link to " + kind_of(status.type()) + ", "
               + quote(fs::read_symlink(path, ec).string(), kMaxQuotedPath) + "); not read";
    }
    return "not a regular file (" + kind_of(status.type()) + "); not read";
}

// The real path of a file or folder (symbolic links resolved): what an
// input is known by, however it was named.
std::string real_path(const fs::path& path) {
    std::error_code ec;
    fs::path real = fs::canonical(path, ec);
    if (ec) {
        real = fs::absolute(path, ec).lexically_normal();
    }
    return real.string();
}

// The walk over enumerate_inputs()' inputs: what it was given, and what it
// remembers from one input to the next.
class InputWalk {
  public:
    InputWalk(
        const std::function<void(InputFile)>& on_file,
        const std::function<void(const InputProblem&)>& on_problem,
        const std::function<void(const std::string&, const std::string&)>& on_other
    )
        : on_file_(on_file), on_problem_(on_problem), on_other_(on_other) {}

    // One input, as given: standard input, a file or a folder.
    void read_input(const std::string& input, std::size_t given_at) {
        input_ = &input;
        given_at_ = given_at;
        std::error_code ec;
        if (input == "-") {
            on_file_(InputFile{
                fs::path("-"), "-", "stdin", nullptr, 0, Format::kJsonLines, "-", given_at});
            return;
        }
        const fs::path path(input);
        const fs::file_status status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            std::error_code link_ec;
            if (fs::is_symlink(fs::symlink_status(path, link_ec))) {
                on_problem_({input, "cannot read: " + unreadable(path, ec), true});
            } else {
                on_problem_({input, "no such file or folder; check the path", true});
            }
            return;
        }
        const std::string real = real_path(path);
        if (const auto [it, fresh] = given_.emplace(real, input); !fresh) {
            on_problem_(
                {input,
                 std::string(fs::is_directory(status) ? "the same folder" : "the same file")
                     + " as " + quote(it->second, kMaxQuotedPath) + ", given before; read once",
                 false}
            );
            return;
        }
        if (fs::is_regular_file(status)) {
            given_file(path, real);
            return;
        }
        if (!fs::is_directory(status)) {
            on_problem_(
                {input,
                 "not a regular file or folder (" + kind_of(status.type()) + "); not read",
                 true}
            );
            return;
        }
        // Depth-first walk in name order. A folder reached again through a
        // symbolic link (same device and inode) is a loop and is skipped.
        visited_.clear();
        walk(path, fs::path());
    }

  private:
    // A file given by its name, with the catalog of its folder if any.
    void given_file(const fs::path& path, const std::string& real) {
        const std::string& input = *input_;
        std::error_code ec;
        const std::string name = path.filename().string();
        const std::optional<Format> format = format_of(name);
        if (!format) {
            on_problem_(
                {input,
                 "unsupported file type; newsdex reads .txt and .md articles, JSON Lines "
                 "(.jsonl, .ndjson, .json), TREC (.trec, .sgml) and HTML pages (.html, .htm), "
                 "plain or .gz",
                 true}
            );
            return;
        }
        std::shared_ptr<const Catalog> catalog;
        std::vector<InputProblem> problems;
        for (const char* catalog_name : {"catalog.yaml", "catalog.yml"}) {
            const fs::path beside = path.parent_path().empty() ? fs::path(catalog_name)
                                                               : path.parent_path() / catalog_name;
            if (fs::is_regular_file(beside, ec)) {
                // Read (and its problems told) once for all the files of
                // its folder given one by one.
                auto& read = catalogs_[beside.generic_string()];
                if (!read) {
                    read = read_catalog(beside, beside.generic_string(), problems);
                }
                catalog = read;
                break;
            }
        }
        for (const InputProblem& p : problems) {
            on_problem_(p);
        }
        on_file_(InputFile{
            path,
            input,
            id_from_relative(path.filename()),
            catalog,
            fs::file_size(path, ec),
            *format,
            real,
            given_at_});
    }

    // The entries of a folder, in name order; nullopt (with the problem
    // told) when it cannot be read or was walked before.
    std::optional<std::vector<fs::directory_entry>>
    entries_of(const fs::path& dir, const fs::path& rel, const fs::path& canonical) {
        std::error_code walk_ec;
        if (!visited_.insert(canonical.string()).second) {
            on_problem_(
                {join_display(*input_, rel),
                 "symbolic link loop; folder already indexed, skipped",
                 false}
            );
            return std::nullopt;
        }
        std::vector<fs::directory_entry> entries;
        for (fs::directory_iterator it(dir, walk_ec), end; !walk_ec && it != end;
             it.increment(walk_ec)) {
            entries.push_back(*it);
        }
        if (walk_ec) {
            on_problem_(
                {join_display(*input_, rel), "cannot read folder: " + read_problem(walk_ec), true}
            );
            return std::nullopt;
        }
        std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
            return a.path().filename() < b.path().filename();
        });
        return entries;
    }

    // The catalog among a folder's entries, if any; each of its entries must
    // name an article beside it (else a warning in `problems`).
    std::shared_ptr<const Catalog> folder_catalog(
        const fs::path& dir,
        const fs::path& rel,
        const std::vector<fs::directory_entry>& entries,
        std::vector<InputProblem>& problems
    ) {
        std::error_code walk_ec;
        std::shared_ptr<const Catalog> catalog;
        for (const auto& entry : entries) {
            const std::string name = entry.path().filename().string();
            if (is_catalog_name(name) && entry.is_regular_file(walk_ec)) {
                catalog = read_catalog(entry.path(), join_display(*input_, rel / name), problems);
                break;
            }
        }
        if (!catalog) {
            return catalog;
        }
        for (const auto& [file, meta] : catalog->by_file) {
            const fs::file_status st = fs::status(dir / file, walk_ec);
            std::string why;
            if (!fs::exists(st)) {
                why =
                    "no file " + quote(file, kMaxQuotedPath) + " beside the catalog; entry ignored";
            } else if (file.front() == '.') {
                why = quote(file, kMaxQuotedPath)
                      + " is a hidden file, which is not indexed; entry ignored";
            } else if (!fs::is_regular_file(st) || format_of(file) != Format::kText) {
                why = quote(file, kMaxQuotedPath)
                      + " is not a .txt or .md article (a catalog gives metadata to those "
                        "only); entry ignored";
            }
            if (!why.empty()) {
                problems.push_back(
                    {catalog->path + ":" + std::to_string(catalog->line_of.at(file)), why, false}
                );
            }
        }
        return catalog;
    }

    // A folder and, depth first, the folders in it.
    void walk(const fs::path& dir, const fs::path& rel) {
        std::error_code walk_ec;
        const fs::path canonical = fs::canonical(dir, walk_ec);
        if (walk_ec) {
            on_problem_(
                {join_display(*input_, rel), "cannot open folder: " + walk_ec.message(), true}
            );
            return;
        }
        const std::optional<std::vector<fs::directory_entry>> entries =
            entries_of(dir, rel, canonical);
        if (!entries) {
            return;
        }
        std::vector<InputProblem> problems;
        const std::shared_ptr<const Catalog> catalog = folder_catalog(dir, rel, *entries, problems);
        for (const InputProblem& p : problems) {
            on_problem_(p);
        }
        for (const auto& entry : *entries) {
            folder_entry(entry, rel, canonical, catalog);
        }
    }

    // One entry of a folder: an article file, a folder to walk, another
    // tool's file, or one that cannot be read.
    void folder_entry(
        const fs::directory_entry& entry,
        const fs::path& rel,
        const fs::path& canonical,
        const std::shared_ptr<const Catalog>& catalog
    ) {
        const std::string name = entry.path().filename().string();
        if (!name.empty() && name.front() == '.') {
            return;  // hidden files and folders are not articles
        }
        const std::string& input = *input_;
        std::error_code entry_ec;
        const fs::file_status st = entry.status(entry_ec);
        const std::optional<Format> format = format_of(name);
        if (entry_ec) {
            on_problem_(
                {join_display(input, rel / name),
                 "cannot read: " + unreadable(entry.path(), entry_ec),
                 true}
            );
        } else if (fs::is_directory(st)) {
            walk(entry.path(), rel / name);
        } else if (!format) {
            // Not an article's name: another tool's file, counted.
            if (on_other_ && !is_catalog_name(name)) {
                on_other_(join_display(input, rel / name), name);
            }
        } else if (fs::is_regular_file(st)) {
            on_file_(InputFile{
                entry.path(),
                join_display(input, rel / name),
                id_from_relative(rel / name),
                catalog,
                entry.file_size(entry_ec),
                *format,
                entry.is_symlink(entry_ec) ? real_path(entry.path()) : (canonical / name).string(),
                given_at_});
        } else {
            on_problem_({join_display(input, rel / name), not_regular(entry.path(), st), true});
        }
    }

    const std::function<void(InputFile)>& on_file_;
    const std::function<void(const InputProblem&)>& on_problem_;
    const std::function<void(const std::string&, const std::string&)>& on_other_;
    // Inputs by their real path: a file or folder named twice (by a
    // relative and an absolute path, say) is read once.
    std::map<std::string, std::string> given_;
    std::map<std::string, std::shared_ptr<const Catalog>> catalogs_;
    std::set<std::string> visited_;  // the folders of this input walked, canonical
    const std::string* input_ = nullptr;
    std::size_t given_at_ = 0;
};

}  // namespace

void enumerate_inputs(
    const std::vector<std::string>& inputs,
    const std::function<void(InputFile)>& on_file,
    const std::function<void(const InputProblem&)>& on_problem,
    const std::function<void(std::size_t)>& on_input,
    const std::function<void(const std::string&, const std::string&)>& on_other
) {
    InputWalk walk(on_file, on_problem, on_other);
    for (std::size_t given_at = 0; given_at < inputs.size(); ++given_at) {
        if (on_input) {
            on_input(given_at);
        }
        walk.read_input(inputs[given_at], given_at);
    }
}

}  // namespace newsdex::detail
