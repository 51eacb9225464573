// SPDX-License-Identifier: MIT
// The folder of an index: its lock, its stub and its journal (private to
// the library).
//
// An index is a folder holding a Xapian stub file (schema::kStubFile) that
// names its shard databases, each a folder beside it; any Xapian program
// opens the folder as one database. (Indexes written before stubs were
// always used may be one plain database in the folder; a writer converts
// such an index when it compacts it.) Every writer operation (index, prune,
// compact, merge of a stopped run's parts) runs under the index's lock,
// taken before anything in the folder is read or cleaned up and held until
// the stub names the final shards. A writer records in the journal the
// shard folders it is about to make or retire before it does so; the next
// writer removes the folders the journal names and the stub does not, and
// nothing else: a folder that no record proves to be a leftover is never
// deleted.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace newsdex::detail {

/// One database a stub file names.
struct StubEntry {
    std::string backend;  ///< "glass", "auto", "remote", ... (Xapian's stub backends)
    std::string where;    ///< a folder (relative to the stub's folder, or absolute) or HOST:PORT
    std::size_t line = 0;
};

/// Reads a Xapian stub file strictly: every line that is not blank or a `#`
/// comment is `BACKEND WHERE`, with a backend Xapian knows, and no database
/// is named twice.
/// @throws Error kIo naming the file and line and what to do.
std::vector<StubEntry> read_stub(const std::filesystem::path& stub);

/// The stub file of an index at `path` (a folder, or a stub file itself):
/// "" when there is none.
std::filesystem::path stub_of(const std::filesystem::path& path);

/// Held while a reader reads an index's stub and opens its shards, so that
/// no writer retires a shard folder meanwhile. Takes nothing (and the
/// reader relies on opening again) when the folder has no lock file or the
/// lock is not had within a second.
class ReaderLock {
  public:
    explicit ReaderLock(const std::filesystem::path& folder);
    ~ReaderLock();
    ReaderLock(const ReaderLock&) = delete;
    ReaderLock& operator=(const ReaderLock&) = delete;
    ReaderLock(ReaderLock&&) = delete;
    ReaderLock& operator=(ReaderLock&&) = delete;

  private:
    int fd_ = -1;
};

/// An index folder held by one writer.
class IndexFolder {
  public:
    enum class Layout : unsigned char {
        kNew,    ///< no index yet (the folder is missing or empty)
        kStub,   ///< a stub naming shard folders
        kPlain,  ///< one Xapian database in the folder itself (written before stubs)
    };

    /// Takes the index's writer lock (creating the folder), waiting up to
    /// `lock_timeout_seconds` for another writer, then reads the stub and
    /// cleans up what a stopped writer left.
    /// @throws Error kDatabaseLocked when another writer keeps the lock;
    ///         kIo when the folder cannot be locked, or its stub does not
    ///         parse, names a folder twice, names one outside the index or
    ///         one that does not exist, or the folder holds files that are
    ///         not an index: nothing is changed then.
    IndexFolder(const std::string& path, double lock_timeout_seconds);

    /// For checking: takes the lock shared (other checkers may hold it too,
    /// no writer can), and reads the stub and journal; changes nothing, not
    /// even a missing folder. Throws as the writer's constructor does.
    struct Inspect {};

    IndexFolder(const std::string& path, double lock_timeout_seconds, Inspect);

    /// Releases the lock.
    ~IndexFolder();
    IndexFolder(const IndexFolder&) = delete;
    IndexFolder& operator=(const IndexFolder&) = delete;
    IndexFolder(IndexFolder&&) = delete;
    IndexFolder& operator=(IndexFolder&&) = delete;

    const std::filesystem::path& root() const { return root_; }

    Layout layout() const { return layout_; }

    /// The folders the stub names, in its order (kStub).
    const std::vector<std::string>& names() const { return names_; }

    /// True when the index was created by a run that has not compacted it
    /// yet (the run that completes it compacts it, as the first would have).
    bool unfinished() const { return unfinished_; }

    /// True when `name` is neither a folder (or a retired one) in the index
    /// nor in the journal: free for a new shard folder.
    bool unused(const std::string& name) const;

    /// The folders the journal names and the stub does not: a stopped
    /// writer's leftovers, which the next writer removes.
    std::vector<std::string> leftovers() const;

    /// Records in the journal, on disk, that shard folders are about to be
    /// made or retired (their names, single components); with
    /// `plain_files`, that the plain database in the folder itself is about
    /// to be retired; `unfinished` marks a new index.
    void begin(
        const std::vector<std::string>& folders, bool plain_files = false, bool unfinished = false
    );

    /// Rewrites the stub to name `names` (whole or not at all).
    /// @throws Error kIo.
    void write_stub(const std::vector<std::string>& names);

    /// Retires what begin() recorded that the stub does not name (readers
    /// held off while the folders are renamed away, then removed), then
    /// rewrites the journal without them; with `compacted`, the index is no
    /// longer unfinished. Never throws: what cannot be removed now stays in
    /// the journal for the next writer.
    void finish(bool compacted = false) noexcept;

  private:
    IndexFolder(const std::string& path, double lock_timeout_seconds, bool inspect);
    void lock(int fd, short type, double lock_timeout_seconds);
    void read_layout();
    void read_journal();
    void write_journal();
    void clean_up();
    void retire(const std::vector<std::string>& folders, bool plain_files);
    bool without_readers(const std::function<void()>& fn);

    std::filesystem::path root_;
    int lock_fd_ = -1;
    Layout layout_ = Layout::kNew;
    std::vector<std::string> names_;
    std::vector<std::string> journal_;  // folders being made or retired
    bool plain_files_ = false;          // the folder's own plain database is being retired
    bool unfinished_ = false;
};

}  // namespace newsdex::detail
