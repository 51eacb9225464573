// SPDX-License-Identifier: MIT
// A damaged index is never made worse: a stub that does not parse, names a
// folder twice, outside the index or one that is missing stops the indexer
// with one line and changes nothing; a shard with damaged tables is named
// by newsdex-index --check, and nothing deletes it.
#include "reliability.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>

namespace newsdex::test {
namespace {

namespace fs = std::filesystem;

// Every file of a folder with its bytes: what "nothing changed" compares.
std::map<std::string, std::string> snapshot(const fs::path& root) {
    std::map<std::string, std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_regular_file()) {
            out[fs::relative(entry.path(), root).string()] = read_file(entry.path());
        }
    }
    return out;
}

// An index of the shipped corpus and the fixture articles in two shards,
// built once.
const fs::path& reference_index() {
    static TempDir dir;
    static const fs::path db = [] {
        const fs::path out = dir.path() / "db";
        const RunResult r =
            run({NEWSDEX_INDEX_BIN,
                 "--db",
                 out.string(),
                 "--shards",
                 "2",
                 "--progress",
                 "never",
                 "corpus",
                 "tests/fixtures/articles"},
                source_dir());
        if (r.exit_code != 0) {
            throw std::runtime_error(r.err);
        }
        return out;
    }();
    return db;
}

fs::path copy_of_reference(const fs::path& where) {
    fs::copy(reference_index(), where, fs::copy_options::recursive);
    return where;
}

std::string stub_text(const fs::path& db) {
    return read_file(db / "XAPIANDB");
}

std::string first_shard(const fs::path& db) {
    return shard_dirs(db).front().filename().string();
}

struct StubDamage {
    const char* name;
    std::function<void(const fs::path&)> damage;
    const char* says;  // in the indexer's one line and in --check's report
};

const std::vector<StubDamage>& stub_damages() {
    static const std::vector<StubDamage> cases{
        {"garbage",
         [](const fs::path& db) {
             std::string bytes;
             for (int i = 0; i < 300; ++i) {
                 bytes += static_cast<char>((i * 37 + 11) % 256);
             }
             write_file(db / "XAPIANDB", bytes);
         },
         "is damaged: line 1 is not `glass FOLDER`"},
        {"a generation that is not there",
         [](const fs::path& db) {
             std::string stub = stub_text(db);
             const std::string shard = first_shard(db);
             stub.replace(stub.find(shard), shard.size(), "shard0.g7");
             write_file(db / "XAPIANDB", stub);
         },
         "names shard0.g7, which is not a database in"},
        {"a folder outside the index",
         [](const fs::path& db) {
             std::string stub = stub_text(db);
             const std::string shard = first_shard(db);
             stub.replace(stub.find(shard), shard.size(), "../elsewhere/" + shard);
             write_file(db / "XAPIANDB", stub);
         },
         ", which is not a folder of the index"},
        {"a shard twice",
         [](const fs::path& db) {
             write_file(db / "XAPIANDB", stub_text(db) + "glass " + first_shard(db) + "\n");
         },
         " twice (lines 2 and 4)"},
        {"a shard that does not exist",
         [](const fs::path& db) { write_file(db / "XAPIANDB", stub_text(db) + "glass shard9\n"); },
         "names shard9, which is not a database in"},
        {"no shard",
         [](const fs::path& db) { write_file(db / "XAPIANDB", "# nothing\n"); },
         "names no shard"},
        {"a remote shard",
         [](const fs::path& db) {
             write_file(db / "XAPIANDB", stub_text(db) + "remote 127.0.0.1:1\n");
         },
         "a remote shard (127.0.0.1:1)"},
    };
    return cases;
}

TEST(Damage, AStubThatCannotBeTrustedStopsTheIndexerAndChangesNothing) {
    for (const StubDamage& c : stub_damages()) {
        SCOPED_TRACE(c.name);
        TempDir dir;
        const fs::path db = copy_of_reference(dir.path() / "db");
        c.damage(db);
        const auto before = snapshot(db);

        for (const std::vector<std::string>& extra :
             {std::vector<std::string>{"corpus"},
              std::vector<std::string>{"--prune", "corpus"},
              std::vector<std::string>{"--compact"}}) {
            std::vector<std::string> argv{
                NEWSDEX_INDEX_BIN, "--db", db.string(), "--progress", "never"};
            argv.insert(argv.end(), extra.begin(), extra.end());
            const RunResult r = run(argv, source_dir());
            EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
            EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
            EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
            EXPECT_EQ(snapshot(db), before) << "the indexer changed a damaged index";
        }

        const RunResult check =
            run({NEWSDEX_INDEX_BIN, "--db", db.string(), "--check"}, source_dir());
        EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
        EXPECT_NE(check.out.find("damaged: " + (db / "XAPIANDB").string()), std::string::npos)
            << check.out;
        EXPECT_NE(check.out.find(c.says), std::string::npos) << check.out;
        // The databases present are checked all the same, for the repair.
        for (const fs::path& shard : shard_dirs(reference_index())) {
            EXPECT_NE(check.out.find(shard.filename().string() + ": "), std::string::npos)
                << check.out;
        }
        EXPECT_NE(check.out.find(" is damaged: "), std::string::npos) << check.out;
        EXPECT_EQ(snapshot(db), before) << "--check changed the index";
    }
}

TEST(Damage, DamagedTablesAreNamedByCheckAndNeverDeleted) {
    // Big enough that every table spans many full (compacted) blocks.
    TempDir made;
    const fs::path reference = made.path() / "db";
    ASSERT_EQ(
        run({NEWSDEX_INDEX_BIN,
             "--db",
             reference.string(),
             "--shards",
             "2",
             "--progress",
             "never",
             generated_corpus().string()},
            source_dir())
            .exit_code,
        0
    );
    for (const char* table : {"postlist", "termlist", "position", "docdata"}) {
        SCOPED_TRACE(table);
        TempDir dir;
        const fs::path db = dir.path() / "db";
        fs::copy(reference, db, fs::copy_options::recursive);
        const fs::path shard = shard_dirs(db).front();
        // Bytes in the middle of the table's file overwritten, as a bad
        // sector or a stray write would.
        const fs::path file = shard / (std::string(table) + ".glass");
        std::string bytes = read_file(file);
        ASSERT_GT(bytes.size(), 4U * 8192) << file;
        for (std::size_t i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i) {
            bytes[i] = static_cast<char>(~bytes[i]);
        }
        write_file(file, bytes);
        const auto before = snapshot(db);

        const RunResult check =
            run({NEWSDEX_INDEX_BIN, "--db", db.string(), "--check"}, source_dir());
        EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
        EXPECT_NE(check.out.find("damaged: " + shard.string() + ": "), std::string::npos)
            << check.out;
        EXPECT_NE(check.out.find("re-index the inputs into a new --db"), std::string::npos)
            << check.out;
        const fs::path other = shard_dirs(db).back();
        EXPECT_NE(check.out.find(other.string() + ": "), std::string::npos) << check.out;
        EXPECT_EQ(snapshot(db), before) << "--check changed the index";

        // Whatever a re-index makes of it, no shard folder goes.
        run({NEWSDEX_INDEX_BIN, "--db", db.string(), "--progress", "never", "--prune", "corpus"},
            source_dir());
        EXPECT_TRUE(fs::exists(shard / "iamglass"));
        EXPECT_EQ(shard_dirs(db).size(), 2U);
    }
}

TEST(Damage, ASoundIndexChecksClean) {
    const RunResult check =
        run({NEWSDEX_INDEX_BIN, "--db", reference_index().string(), "--check"}, source_dir());
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_EQ(check.out.find("damaged"), std::string::npos) << check.out;
    EXPECT_EQ(check.out.find("warning"), std::string::npos) << check.out;
    EXPECT_NE(check.out.find(" is sound: "), std::string::npos) << check.out;
    EXPECT_EQ(std::count(check.out.begin(), check.out.end(), '\n'), 3) << check.out;

    // A missing facet columns file is a warning, not damage.
    TempDir dir;
    const fs::path db = copy_of_reference(dir.path() / "db");
    fs::remove(shard_dirs(db).front() / "newsdex-facets");
    const RunResult warned = run({NEWSDEX_INDEX_BIN, "--db", db.string(), "--check"}, source_dir());
    EXPECT_EQ(warned.exit_code, 0) << warned.out << warned.err;
    EXPECT_NE(warned.out.find("warning: "), std::string::npos) << warned.out;
    EXPECT_NE(warned.out.find("no facet columns file"), std::string::npos) << warned.out;

    const RunResult none =
        run({NEWSDEX_INDEX_BIN, "--db", (dir.path() / "nothing").string(), "--check"},
            source_dir());
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.err.find("no newsdex database at"), std::string::npos) << none.err;
    EXPECT_FALSE(fs::exists(dir.path() / "nothing")) << "--check made a folder";
}

}  // namespace
}  // namespace newsdex::test
