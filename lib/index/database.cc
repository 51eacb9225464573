// SPDX-License-Identifier: MIT
#include "index/database.h"

#include "newsdex/schema.h"

#include "schema/schema_util.h"

#include <filesystem>

namespace newsdex::detail {

namespace {

std::string meta(std::string_view key) {
    return std::string(key);
}

}  // namespace

Error translate(const Xapian::Error& e, const std::string& context) {
    // Xapian::Error is not polymorphic; its subclasses say what they are.
    const std::string type = e.get_type();
    const std::string what = type + ": " + e.get_msg();
    if (type == "DatabaseLockError") {
        return Error(
            Errc::kDatabaseLocked,
            "database " + context + " is being written by another process",
            "wait for the other newsdex-index to finish, then run again"
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

Xapian::WritableDatabase open_writable(const std::string& path, const std::string& analysis) {
    try {
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS);
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

Xapian::Database open_readable(const std::vector<std::string>& paths) {
    Xapian::Database all;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) {
            throw Error(
                Errc::kDatabaseNotFound,
                "no newsdex database at " + path,
                "build one with newsdex-index --db " + path + ", or pass --db DIR"
            );
        }
        try {
            Xapian::Database db(path);
            check_schema(db, path);
            all.add_database(db);
        } catch (const Xapian::Error& e) {
            throw translate(e, path);
        }
    }
    return all;
}

}  // namespace newsdex::detail
