// SPDX-License-Identifier: MIT
#include "index/database.h"

#include "newsdex/schema.h"

#include "index/index_folder.h"
#include "schema/schema_util.h"
#include "util/escape.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace newsdex::detail {

namespace {

std::string meta(std::string_view key) {
    return std::string(key);
}

}  // namespace

Error translate(const Xapian::Error& e, const std::string& context) {
    // Xapian::Error is not polymorphic; its subclasses say what they are.
    const std::string type = e.get_type();
    std::string what = type + ": " + e.get_msg();
    // The system's reason (for example "No space left on device").
    if (const char* reason = e.get_error_string(); reason != nullptr && *reason != '\0') {
        what += std::string(" (") + reason + ")";
    }
    if (type == "DatabaseLockError") {
        return Error(
            Errc::kDatabaseLocked,
            "database " + context + " is being written by another process",
            "wait for the other newsdex-index to finish (or pass --lock-timeout SECONDS), then run "
            "again"
        );
    }
    if (type == "DatabaseNotFoundError") {
        return Error(
            Errc::kDatabaseNotFound,
            "no newsdex database at " + context,
            "build one with newsdex-index, or pass --db DIR"
        );
    }
    if (type == "DatabaseVersionError") {
        return Error(
            Errc::kSchemaMismatch,
            "database " + context + " has a Xapian format this Xapian cannot read (" + e.get_msg()
                + ")",
            "re-index with newsdex-index into a new --db"
        );
    }
    if (type == "DatabaseCorruptError") {
        return Error(
            Errc::kIo,
            "database " + context + " is damaged (" + e.get_msg() + ")",
            "check it with xapian-check, or re-index into a new --db"
        );
    }
    if (type.rfind("Database", 0) == 0 || type.rfind("Network", 0) == 0) {
        return Error(Errc::kIo, context + ": " + what);
    }
    return Error(Errc::kInternal, context + ": " + what);
}

void check_schema(const Xapian::Database& db, const std::string& path) {
    const std::string version = db.get_metadata(meta(schema::kMetaSchemaVersion));
    const std::string ours = std::to_string(schema::kSchemaVersion);
    if (version == ours) {
        return;
    }
    if (version.empty()) {
        if (db.get_doccount() == 0) {
            return;
        }
        throw Error(
            Errc::kSchemaMismatch,
            "database " + path + " was not written by newsdex (no schema version)",
            "index into a new --db with newsdex-index"
        );
    }
    const bool newer =
        version.size() > ours.size() || (version.size() == ours.size() && version > ours);
    throw Error(
        Errc::kSchemaMismatch,
        "database " + path + " has schema version " + version + ", this newsdex reads version "
            + ours,
        newer ? "it was built by a newer newsdex: upgrade newsdex, or re-index with this one into "
                "a new --db"
              : "re-index it: rm -r " + path + " && newsdex-index --db " + path + " ..."
    );
}

Xapian::WritableDatabase open_writable(
    const std::string& path, const std::string& analysis, double lock_timeout_seconds, bool create
) {
    const auto give_up =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(lock_timeout_seconds);
    try {
        Xapian::WritableDatabase db;
        // Another writer holds the lock: wait for it as long as allowed.
        for (;;) {
            try {
                db = Xapian::WritableDatabase(
                    path,
                    create ? Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS : Xapian::DB_OPEN
                );
                break;
            } catch (const Xapian::DatabaseLockError& e) {
                if (std::chrono::steady_clock::now() >= give_up) {
                    if (lock_timeout_seconds <= 0) {
                        throw;
                    }
                    std::ostringstream waited;
                    waited << lock_timeout_seconds;
                    throw Error(
                        Errc::kDatabaseLocked,
                        "database " + path + " is still being written by another process after "
                            + waited.str() + " s",
                        "wait for the other newsdex-index to finish (or raise --lock-timeout), "
                        "then run again"
                    );
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
        check_schema(db, path);
        if (db.get_metadata(meta(schema::kMetaSchemaVersion)).empty()) {
            db.set_metadata(
                meta(schema::kMetaSchemaVersion), std::to_string(schema::kSchemaVersion)
            );
            db.set_metadata(meta(schema::kMetaSchema), schema_json());
            db.set_metadata(meta(schema::kMetaAnalyzer), analysis);
            db.commit();
        }
        return db;
    } catch (const Xapian::DatabaseCreateError& e) {
        throw Error(
            Errc::kIo,
            "cannot create database " + path + ": " + e.get_msg(),
            "check that the folder is writable"
        );
    } catch (const Xapian::Error& e) {
        throw translate(e, path);
    }
}

namespace {

// One database to open: local (a path) or remote (host and port).
struct ShardRef {
    std::string name;  // for messages: the path or tcp://HOST:PORT
    std::string stub;  // the --db value whose stub names it, if any
    std::string path;
    std::string host;
    unsigned port = 0;
    bool remote = false;
};

bool parse_host_port(const std::string& text, std::string& host, unsigned& port) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos) {
        return false;
    }
    host = text.substr(0, colon);
    const std::string digits = text.substr(colon + 1);
    if (digits.empty() || digits.size() > 5
        || digits.find_first_not_of("0123456789") != std::string::npos) {
        return false;
    }
    port = static_cast<unsigned>(std::stoul(digits));
    if (host.empty()) {
        host = "127.0.0.1";
    }
    return port > 0 && port < 65536;
}

Error cannot_read(const std::string& path) {
    return Error(
        Errc::kIo,
        "cannot read " + escape(path) + ": permission denied",
        "check its permissions (ls -ld " + escape(path) + "), or search as a user who may read it"
    );
}

// Whether the first line of a file that says something is a stub's
// (`glass FOLDER`, `remote HOST:PORT`); a database is never a file else.
bool looks_like_stub(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    for (int lines = 0; lines < 100 && std::getline(in, line); ++lines) {
        const std::size_t first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#') {
            continue;
        }
        std::istringstream words(line);
        std::string backend;
        words >> backend;
        return backend == "auto" || backend == "glass" || backend == "chert" || backend == "remote";
    }
    return false;
}

// A --db that exists but cannot be a database: a file that is not a stub
// (an article file, say), a folder that cannot be read, or a folder with
// neither a stub nor a Xapian database in it.
void check_database_path(const std::string& given, const std::filesystem::file_status& status) {
    namespace fs = std::filesystem;
    const std::string shown = escape(given);
    if (!fs::is_directory(status)) {
        if (::access(given.c_str(), R_OK) != 0 && errno == EACCES) {
            throw cannot_read(given);
        }
        if (!looks_like_stub(given)) {
            throw Error(
                Errc::kDatabaseNotFound,
                shown + " is a file, not a newsdex database",
                "pass the folder newsdex-index --db wrote; to search this file, index it first: "
                "newsdex-index --db DIR "
                    + shown
            );
        }
        return;
    }
    if (::access(given.c_str(), R_OK | X_OK) != 0 && errno == EACCES) {
        throw cannot_read(given);
    }
    std::error_code ec;
    const fs::path dir(given);
    for (const char* marker : {schema::kStubFile.data(), "iamglass", "iamchert"}) {
        if (fs::exists(dir / marker, ec)) {
            return;
        }
    }
    throw Error(
        Errc::kDatabaseNotFound,
        shown + " is a folder, not a newsdex database (it holds no index)",
        "pass the folder newsdex-index --db wrote, or build one there: newsdex-index --db " + shown
            + " FILES..."
    );
}

// Expands a --db value into the databases it names. A stub (a file, or a
// folder's XAPIANDB) is read here, so that remote shards get our timeouts
// and local ones can also be worked on one by one (facet counts).
void expand(const std::string& given, std::vector<ShardRef>& out) {
    namespace fs = std::filesystem;
    if (given.rfind("tcp://", 0) == 0) {
        ShardRef ref;
        ref.name = given;
        ref.remote = true;
        if (!parse_host_port(given.substr(6), ref.host, ref.port)) {
            throw Error(
                Errc::kInvalidArgument, "bad remote database " + given, "write tcp://HOST:PORT"
            );
        }
        out.push_back(ref);
        return;
    }
    std::error_code ec;
    const fs::file_status status = fs::status(given, ec);
    if (ec == std::errc::permission_denied) {
        throw cannot_read(given);
    }
    if (!fs::exists(status)) {
        throw Error(
            Errc::kDatabaseNotFound,
            "no newsdex database at " + escape(given),
            "build one with newsdex-index --db " + escape(given) + ", or pass --db DIR"
        );
    }
    check_database_path(given, status);
    std::vector<ShardRef> listed;
    if (const fs::path stub = stub_of(given); !stub.empty()) {
        for (const StubEntry& entry : read_stub(stub)) {
            ShardRef ref;
            ref.stub = given;
            if (entry.backend == "remote") {
                ref.remote = true;
                ref.name = "tcp://" + entry.where;
                if (!parse_host_port(entry.where, ref.host, ref.port)) {
                    throw Error(
                        Errc::kIo,
                        "stub " + stub.string()
                            + " lists a remote shard newsdex cannot reach: " + entry.where,
                        "write remote HOST:PORT"
                    );
                }
            } else {
                ref.path = fs::path(entry.where).is_absolute()
                               ? entry.where
                               : (stub.parent_path() / entry.where).string();
                ref.name = ref.path;
            }
            listed.push_back(ref);
        }
    }
    for (const ShardRef& ref : listed) {
        if (!ref.remote && ::access(ref.path.c_str(), R_OK | X_OK) != 0 && errno == EACCES) {
            throw cannot_read(ref.path);
        }
    }
    if (!listed.empty()) {
        out.insert(out.end(), listed.begin(), listed.end());
        return;
    }
    ShardRef ref;
    ref.name = given;
    ref.path = given;
    out.push_back(ref);
}

// A local shard named by a stub could not be opened: a writer may have
// retired it after the stub was read (open again), or it is missing.
struct ShardGone {
    std::string stub;
    std::string name;
    std::string why;
};

// Why a remote shard could not be opened, and what to do: refused (no
// server on that port), a host that does not resolve, no answer in time,
// or another network error.
Error remote_error(const Xapian::Error& e, const ShardRef& shard, unsigned timeout_ms) {
    const std::string where = shard.host + ":" + std::to_string(shard.port);
    const char* reason = e.get_error_string();
    const std::string why = reason != nullptr && *reason != '\0' ? reason : "";
    if (why == std::strerror(ECONNREFUSED)) {
        return Error(
            Errc::kIo,
            "remote shard " + shard.name + " refused the connection (is xapian-tcpsrv running on "
                + where + "?)",
            "start it (xapian-tcpsrv --port " + std::to_string(shard.port)
                + " SHARD), fix the address, or pass --allow-partial"
        );
    }
    if (e.get_msg().rfind("Couldn't resolve host", 0) == 0) {
        return Error(
            Errc::kIo,
            "remote shard " + shard.name + ": host " + shard.host + " not found"
                + (why.empty() ? "" : " (" + why + ")"),
            "fix the host name, or pass --allow-partial"
        );
    }
    if (std::string(e.get_type()) == "NetworkTimeoutError") {
        std::ostringstream seconds;
        seconds << timeout_ms / 1000.0;
        return Error(
            Errc::kIo,
            "remote shard " + shard.name + " did not answer within " + seconds.str() + " s",
            "check that xapian-tcpsrv serves it and the network reaches " + where
                + ", raise --timeout, or pass --allow-partial"
        );
    }
    return Error(
        Errc::kIo,
        "remote shard " + shard.name + " could not be opened: " + e.get_msg()
            + (why.empty() ? "" : " (" + why + ")"),
        "check that xapian-tcpsrv serves a newsdex shard on " + where + ", or pass --allow-partial"
    );
}

}  // namespace

std::string layout_stamp(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    std::string stamp;
    for (const std::string& path : paths) {
        std::error_code ec;
        const fs::path stub =
            fs::is_directory(path, ec) ? fs::path(path) / "XAPIANDB" : fs::path(path);
        if (fs::is_regular_file(stub, ec)) {
            std::ifstream in(stub);
            std::ostringstream text;
            text << in.rdbuf();
            stamp += text.str();
        }
        stamp += '\0';
    }
    return stamp;
}

namespace {

OpenedDatabases open_once(const std::vector<std::string>& paths, const OpenOptions& options) {
    // Writers retire shard folders only while no reader holds this (see
    // schema::kLockFile): between reading a stub and opening what it names.
    std::vector<std::unique_ptr<ReaderLock>> locks;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec)) {
            locks.push_back(std::make_unique<ReaderLock>(path));
        }
    }
    const std::string layout = layout_stamp(paths);
    std::vector<ShardRef> shards;
    for (const std::string& path : paths) {
        expand(path, shards);
    }
    OpenedDatabases out;
    out.layout = layout;
    std::size_t opened = 0;
    for (const ShardRef& shard : shards) {
        try {
            Xapian::Database db = shard.remote ? Xapian::Remote::open(
                                      shard.host, shard.port, options.timeout_ms, options.timeout_ms
                                  )
                                               : Xapian::Database(shard.path);
            check_schema(db, shard.name);
            out.db.add_database(db);
            out.shards.push_back(db);
            std::error_code ec;
            out.shard_dirs.push_back(
                !shard.remote && std::filesystem::is_directory(shard.path, ec) ? shard.path : ""
            );
            out.remote = out.remote || shard.remote;
            ++opened;
        } catch (const Xapian::Error& e) {
            std::error_code ec;
            if (!shard.remote && !shard.stub.empty()
                && !std::filesystem::exists(std::filesystem::path(shard.path) / "iamglass", ec)) {
                throw ShardGone{shard.stub, shard.name, e.get_description()};
            }
            Error error = translate(e, shard.name);
            if (shard.remote) {
                error = remote_error(e, shard, options.timeout_ms);
            }
            if (!options.allow_partial || shards.size() == 1) {
                throw error;
            }
            out.warnings.push_back(std::string(error.what()) + "; searching the other shards");
        }
    }
    if (opened == 0) {
        throw Error(Errc::kIo, "no shard answered", "check the --db paths and servers");
    }
    // Shard by shard work needs single databases (a stub can name a stub).
    if (out.remote || std::any_of(out.shards.begin(), out.shards.end(), [](const auto& db) {
            return db.size() != 1;
        })) {
        out.shards.clear();
        out.shard_dirs.clear();
    }
    return out;
}

}  // namespace

OpenedDatabases open_readable(const std::vector<std::string>& paths, const OpenOptions& options) {
    // A shard a stub names that does not open: a writer retired it after the
    // stub was read (when a reader could not wait for the lock), so the stub
    // names another now; or it is really missing.
    for (int attempt = 1;; ++attempt) {
        try {
            return open_once(paths, options);
        } catch (const ShardGone& gone) {
            if (attempt == 8) {
                throw Error(
                    Errc::kIo,
                    "the index " + escape(gone.stub) + " names the shard " + escape(gone.name)
                        + ", which cannot be opened (" + escape_controls(gone.why) + ")",
                    "newsdex-index --check --db " + escape(gone.stub) + " says what is wrong"
                );
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
        }
    }
}

}  // namespace newsdex::detail
