// SPDX-License-Identifier: MIT
#include "index/index_folder.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "util/escape.h"
#include "util/whole_file.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace newsdex::detail {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// The two bytes of the lock file (see schema::kLockFile).
constexpr off_t kWriterByte = 0;
constexpr off_t kReadersByte = 1;

// Open-file-description locks: held by this descriptor, not the process, so
// that two writers in one process exclude each other as two processes do,
// and closing another descriptor of the same file releases nothing.
int try_lock(int fd, short type, off_t byte) {
    struct flock lock {};

    lock.l_type = type;
    lock.l_whence = SEEK_SET;
    lock.l_start = byte;
    lock.l_len = 1;
    for (;;) {
        if (::fcntl(fd, F_OFD_SETLK, &lock) == 0) {
            return 0;
        }
        if (errno != EINTR) {
            return errno;
        }
    }
}

bool busy(int error) {
    return error == EAGAIN || error == EACCES;
}

// Tries `type` on `byte` every millisecond for up to `seconds`.
bool lock_within(int fd, short type, off_t byte, double seconds) {
    const auto give_up = Clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
        const int error = try_lock(fd, type, byte);
        if (error == 0) {
            return true;
        }
        if (!busy(error) || Clock::now() >= give_up) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

std::string seconds_text(double seconds) {
    std::ostringstream out;
    out << seconds;
    return out.str();
}

// A stub's name for a shard folder that newsdex writes: one path component,
// printable, not "." or "..".
bool plain_name(const std::string& name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos
           && std::none_of(name.begin(), name.end(), [](char c) {
                  return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
              });
}

std::string retired(const std::string& name) {
    return name + ".retired";
}

// Files of Xapian's glass backend in a database folder, and the facet
// columns and gazetteer image newsdex keeps beside them.
bool plain_database_file(const std::string& name) {
    const std::string_view glass = ".glass";
    return name == "iamglass" || name == "flintlock" || name == schema::kFacetColumnsFile
           || name == schema::kGazetteerFile
           || (name.size() > glass.size()
               && name.compare(name.size() - glass.size(), glass.size(), glass) == 0);
}

constexpr const char* kRepairHint =
    "nothing was changed; `newsdex-index --check --db DIR` reports what the index holds: restore "
    "the stub or the shard folder from a backup, or re-index into a new --db";

std::string repair_hint(const fs::path& root) {
    std::string hint = kRepairHint;
    hint.replace(hint.find("DIR"), 3, escape(root.string()));
    return hint;
}

}  // namespace

std::vector<StubEntry> read_stub(const fs::path& stub) {
    std::ifstream in(stub, std::ios::binary);
    if (!in) {
        throw Error(
            Errc::kIo,
            "cannot read the stub file " + escape(stub.string()) + ": " + std::strerror(errno),
            "check its permissions"
        );
    }
    static const std::vector<std::string> kBackends{"auto", "glass", "chert", "remote"};
    std::vector<StubEntry> out;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        const std::size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') {
            continue;
        }
        std::istringstream words(line);
        StubEntry entry;
        std::string extra;
        words >> entry.backend >> entry.where;
        entry.line = number;
        const bool printable = std::none_of(line.begin(), line.end(), [](char c) {
            return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
        });
        if (!printable || entry.where.empty() || static_cast<bool>(words >> extra)
            || std::find(kBackends.begin(), kBackends.end(), entry.backend) == kBackends.end()) {
            throw Error(
                Errc::kIo,
                "the stub file " + escape(stub.string()) + " is damaged: line "
                    + std::to_string(number) + " is not `glass FOLDER` or `remote HOST:PORT`",
                "restore it from a backup (newsdex-index --check --db DIR reports what the index "
                "holds), or re-index into a new --db"
            );
        }
        const auto same = [&](const StubEntry& other) {
            if ((other.backend == "remote") != (entry.backend == "remote")) {
                return false;
            }
            if (entry.backend == "remote") {
                return other.where == entry.where;
            }
            const fs::path base = stub.parent_path();
            return (base / other.where).lexically_normal()
                   == (base / entry.where).lexically_normal();
        };
        if (const auto twin = std::find_if(out.begin(), out.end(), same); twin != out.end()) {
            throw Error(
                Errc::kIo,
                "the stub file " + escape(stub.string()) + " names " + entry.where
                    + " twice (lines " + std::to_string(twin->line) + " and "
                    + std::to_string(number) + "): every article of it would count twice",
                "remove one of the two lines"
            );
        }
        out.push_back(std::move(entry));
    }
    return out;
}

fs::path stub_of(const fs::path& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        const fs::path stub = path / schema::kStubFile;
        return fs::is_regular_file(stub, ec) ? stub : fs::path();
    }
    return fs::is_regular_file(path, ec) ? path : fs::path();
}

ReaderLock::ReaderLock(const fs::path& folder) {
    fd_ = ::open((folder / schema::kLockFile).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ >= 0 && !lock_within(fd_, F_RDLCK, kReadersByte, 1.0)) {
        ::close(fd_);
        fd_ = -1;
    }
}

ReaderLock::~ReaderLock() {
    if (fd_ >= 0) {
        ::close(fd_);  // releases the lock
    }
}

IndexFolder::IndexFolder(const std::string& path, double lock_timeout_seconds)
    : IndexFolder(path, lock_timeout_seconds, false) {}

IndexFolder::IndexFolder(const std::string& path, double lock_timeout_seconds, Inspect)
    : IndexFolder(path, lock_timeout_seconds, true) {}

IndexFolder::IndexFolder(const std::string& path, double lock_timeout_seconds, bool inspect)
    : root_(path) {
    const std::string shown = escape(path);
    std::error_code ec;
    if (fs::exists(root_, ec) && !fs::is_directory(root_, ec)) {
        throw Error(
            Errc::kIo, shown + " is a file, not a newsdex database", "pass a folder to --db"
        );
    }
    const fs::path lock_file = root_ / schema::kLockFile;
    if (inspect) {
        if (!fs::is_directory(root_, ec)) {
            throw Error(
                Errc::kDatabaseNotFound,
                "no newsdex database at " + shown,
                "pass the folder of an index to --db"
            );
        }
        // An index written before the lock file existed has none: checked
        // without a lock then.
        lock_fd_ = ::open(lock_file.c_str(), O_RDONLY | O_CLOEXEC);
    } else {
        fs::create_directories(root_, ec);
        if (ec) {
            throw Error(
                Errc::kIo,
                "cannot create the index folder " + shown + ": " + ec.message(),
                "check that its parent folder is writable"
            );
        }
        lock_fd_ = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (lock_fd_ < 0) {
            throw Error(
                Errc::kIo,
                "cannot open the lock file " + escape(lock_file.string()) + ": "
                    + std::strerror(errno),
                "check that the index folder is writable"
            );
        }
    }
    try {
        if (lock_fd_ >= 0) {
            lock(lock_fd_, inspect ? F_RDLCK : F_WRLCK, lock_timeout_seconds);
        }
        read_journal();
        read_layout();
        if (inspect) {
            return;
        }
        clean_up();
        if (layout_ == Layout::kNew) {
            for (const auto& entry : fs::directory_iterator(root_, ec)) {
                const std::string name = entry.path().filename().string();
                if (name != schema::kLockFile && name != schema::kJournalFile) {
                    throw Error(
                        Errc::kIo,
                        shown + " holds files that are not a newsdex index (" + escape(name) + ")",
                        "pass a new or empty folder to --db"
                    );
                }
            }
            unfinished_ = false;
        }
    } catch (...) {
        if (lock_fd_ >= 0) {
            ::close(lock_fd_);
            lock_fd_ = -1;
        }
        throw;
    }
}

void IndexFolder::lock(int fd, short type, double lock_timeout_seconds) {
    const std::string path = escape(root_.string());
    const auto give_up = Clock::now() + std::chrono::duration<double>(lock_timeout_seconds);
    for (;;) {
        const int error = try_lock(fd, type, kWriterByte);
        if (error == 0) {
            return;
        }
        if (!busy(error)) {
            throw Error(
                Errc::kIo,
                "cannot lock " + escape((root_ / schema::kLockFile).string()) + ": "
                    + std::strerror(error),
                "the index must be on a file system that supports locks"
            );
        }
        if (Clock::now() >= give_up) {
            if (lock_timeout_seconds <= 0) {
                throw Error(
                    Errc::kDatabaseLocked,
                    "database " + path + " is being written by another process",
                    "wait for the other newsdex-index to finish (or pass --lock-timeout "
                    "SECONDS), then run again"
                );
            }
            throw Error(
                Errc::kDatabaseLocked,
                "database " + path + " is still being written by another process after "
                    + seconds_text(lock_timeout_seconds) + " s",
                "wait for the other newsdex-index to finish (or raise --lock-timeout), then "
                "run again"
            );
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void IndexFolder::read_layout() {
    std::error_code ec;
    const fs::path stub = root_ / schema::kStubFile;
    if (!fs::exists(stub, ec)) {
        if (fs::exists(root_ / "iamglass", ec)) {
            layout_ = Layout::kPlain;
        }
        return;
    }
    layout_ = Layout::kStub;
    for (const StubEntry& entry : read_stub(stub)) {
        const std::string where =
            escape(stub.string()) + ":" + std::to_string(entry.line) + " names ";
        if (entry.backend == "remote") {
            throw Error(
                Errc::kIo,
                where + "a remote shard (" + entry.where
                    + "): newsdex-index writes the shards of a local index only",
                "index each shard in its own folder on the host that serves it"
            );
        }
        if (!plain_name(entry.where)) {
            throw Error(
                Errc::kIo,
                where + entry.where + ", which is not a folder of the index",
                repair_hint(root_)
            );
        }
        if (!fs::exists(root_ / entry.where / "iamglass", ec)) {
            throw Error(
                Errc::kIo,
                where + entry.where + ", which is not a database in " + escape(root_.string()),
                repair_hint(root_)
            );
        }
        names_.push_back(entry.where);
    }
    if (names_.empty()) {
        throw Error(
            Errc::kIo,
            "the stub file " + escape(stub.string()) + " names no shard",
            repair_hint(root_)
        );
    }
}

std::vector<std::string> IndexFolder::leftovers() const {
    std::vector<std::string> out;
    for (const std::string& name : journal_) {
        if (std::find(names_.begin(), names_.end(), name) == names_.end()) {
            out.push_back(name);
        }
    }
    return out;
}

IndexFolder::~IndexFolder() {
    if (lock_fd_ >= 0) {
        ::close(lock_fd_);  // releases the lock
    }
}

void IndexFolder::read_journal() {
    const fs::path file = root_ / schema::kJournalFile;
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        return;
    }
    std::ifstream in(file, std::ios::binary);
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') {
            continue;
        }
        if (line == "unfinished") {
            unfinished_ = true;
        } else if (line == "plain") {
            plain_files_ = true;
        } else if (line.rfind("folder ", 0) == 0 && plain_name(line.substr(7))) {
            journal_.push_back(line.substr(7));
        } else {
            throw Error(
                Errc::kIo,
                "the journal " + escape(file.string()) + " is damaged (line "
                    + std::to_string(number) + ")",
                "if no newsdex-index is running on the index, remove it (it names shard folders a "
                "stopped run may have left; the stub says which folders are the index)"
            );
        }
    }
    if (in.bad()) {
        throw Error(
            Errc::kIo,
            "cannot read the journal " + escape(file.string()) + ": " + std::strerror(errno),
            "check its permissions"
        );
    }
}

void IndexFolder::write_journal() {
    const fs::path file = root_ / schema::kJournalFile;
    if (journal_.empty() && !plain_files_ && !unfinished_) {
        std::error_code ec;
        fs::remove(file, ec);
        return;
    }
    std::string text = "# newsdex journal: shard folders a writer is making or retiring\n";
    if (unfinished_) {
        text += "unfinished\n";
    }
    if (plain_files_) {
        text += "plain\n";
    }
    for (const std::string& name : journal_) {
        text += "folder " + name + '\n';
    }
    if (const std::string why = write_whole_file(file, text, ".tmp"); !why.empty()) {
        throw Error(
            Errc::kIo,
            "cannot write " + escape(file.string()) + ": " + why,
            "check that the folder is writable and the disk has space, then run again"
        );
    }
}

// What a stopped writer left: the folders its journal names that the stub
// does not (made and never named, or retired and not yet removed), and a
// plain database that a stub has replaced.
void IndexFolder::clean_up() {
    if (journal_.empty() && !plain_files_) {
        return;
    }
    finish();
}

bool IndexFolder::unused(const std::string& name) const {
    std::error_code ec;
    return !fs::exists(root_ / name, ec) && !fs::exists(root_ / retired(name), ec)
           && std::find(journal_.begin(), journal_.end(), name) == journal_.end();
}

void IndexFolder::begin(
    const std::vector<std::string>& folders, bool plain_files, bool unfinished
) {
    for (const std::string& name : folders) {
        if (std::find(journal_.begin(), journal_.end(), name) == journal_.end()) {
            journal_.push_back(name);
        }
    }
    plain_files_ = plain_files_ || plain_files;
    unfinished_ = unfinished_ || unfinished;
    write_journal();
}

void IndexFolder::write_stub(const std::vector<std::string>& names) {
    std::string text =
        "# newsdex index: " + std::to_string(names.size()) + " shards, searched as one database\n";
    for (const std::string& name : names) {
        text += "glass " + name + '\n';
    }
    const fs::path stub = root_ / schema::kStubFile;
    if (const std::string why = write_whole_file(stub, text, ".tmp"); !why.empty()) {
        throw Error(
            Errc::kIo,
            "cannot write " + escape(stub.string()) + ": " + why,
            "check that the folder is writable and the disk has space, then run again"
        );
    }
    names_ = names;
    layout_ = Layout::kStub;
}

bool IndexFolder::without_readers(const std::function<void()>& fn) {
    if (!lock_within(lock_fd_, F_WRLCK, kReadersByte, 5.0)) {
        return false;
    }
    fn();

    struct flock unlock {};

    unlock.l_type = F_UNLCK;
    unlock.l_whence = SEEK_SET;
    unlock.l_start = kReadersByte;
    unlock.l_len = 1;
    ::fcntl(lock_fd_, F_OFD_SETLK, &unlock);
    return true;
}

void IndexFolder::retire(const std::vector<std::string>& folders, bool plain_files) {
    std::error_code ec;
    // Out of the readers' way at once (a rename, or the removal of the file
    // that makes the folder a database), then removed at leisure: a reader
    // that opened them keeps its open files.
    const bool moved = without_readers([&] {
        for (const std::string& name : folders) {
            fs::remove_all(root_ / retired(name), ec);
            fs::rename(root_ / name, root_ / retired(name), ec);
        }
        if (plain_files) {
            fs::remove(root_ / "iamglass", ec);
        }
    });
    if (!moved) {
        return;
    }
    for (const std::string& name : folders) {
        fs::remove_all(root_ / retired(name), ec);
    }
    if (plain_files) {
        for (const auto& entry : fs::directory_iterator(root_, ec)) {
            if (entry.is_regular_file(ec)
                && plain_database_file(entry.path().filename().string())) {
                fs::remove(entry.path(), ec);
            }
        }
    }
}

void IndexFolder::finish(bool compacted) noexcept {
    try {
        const std::vector<std::string> leftovers = this->leftovers();
        const bool plain = plain_files_ && layout_ == Layout::kStub;
        retire(leftovers, plain);
        std::error_code ec;
        journal_.clear();
        for (const std::string& name : leftovers) {
            if (fs::exists(root_ / name, ec) || fs::exists(root_ / retired(name), ec)) {
                journal_.push_back(name);
            }
        }
        // Still to retire only when the stub has replaced the plain database
        // and its files could not all go.
        plain_files_ = plain && fs::exists(root_ / "iamglass", ec);
        if (compacted) {
            unfinished_ = false;
        }
        write_journal();
    } catch (...) {
        // What could not be removed or recorded now stays for the next writer.
    }
}

}  // namespace newsdex::detail
