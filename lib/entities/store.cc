// SPDX-License-Identifier: MIT
#include "entities/store.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace newsdex::detail {

GazetteerFiles stored_gazetteers(const Xapian::Database& db) {
    GazetteerFiles files;
    const std::string stored = db.get_metadata(std::string(schema::kMetaGazetteer));
    if (stored.empty()) {
        return files;
    }
    const nlohmann::json list = nlohmann::json::parse(stored, nullptr, false);
    if (!list.is_array()) {
        return files;
    }
    for (const nlohmann::json& item : list) {
        if (item.is_object() && item.contains("name") && item.contains("text")) {
            files.emplace_back(item["name"].get<std::string>(), item["text"].get<std::string>());
        }
    }
    return files;
}

void store_gazetteers(Xapian::WritableDatabase& db, const GazetteerFiles& files) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [name, text] : files) {
        list.push_back({{"name", name}, {"text", text}});
    }
    db.set_metadata(
        std::string(schema::kMetaGazetteer),
        list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
    );
}

bool merge_gazetteer_file(GazetteerFiles& files, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(Errc::kIo, "cannot read gazetteer file " + path, "check the --entities path");
    }
    std::ostringstream text;
    text << in.rdbuf();
    const std::string name = std::filesystem::path(path).filename().string();
    for (auto& [existing, content] : files) {
        if (existing == name) {
            if (content == text.str()) {
                return false;
            }
            content = text.str();
            return true;
        }
    }
    files.emplace_back(name, text.str());
    return true;
}

bool store_compiled_gazetteer(Xapian::WritableDatabase& db, const std::string& compiled) {
    const std::string key(schema::kMetaGazetteerCompiled);
    if (db.get_metadata(key) == compiled) {
        return false;
    }
    db.set_metadata(key, compiled);
    return true;
}

std::shared_ptr<const Gazetteer>
gazetteer_for(const Analyzer& analyzer, const Xapian::Database& db, const std::string& dir) {
    const GazetteerFiles extra = stored_gazetteers(db);
    const std::string digest = Gazetteer::digest_of(extra);
    if (!dir.empty()) {
        if (auto mapped = Gazetteer::from_file(gazetteer_file_path(dir), analyzer, digest)) {
            return mapped;
        }
    }
    if (auto compiled = Gazetteer::from_compiled(
            db.get_metadata(std::string(schema::kMetaGazetteerCompiled)), analyzer, digest
        )) {
        return compiled;
    }
    if (extra.empty()) {
        return Gazetteer::builtin();
    }
    return Gazetteer::load(analyzer, extra, nullptr);
}

}  // namespace newsdex::detail
