// SPDX-License-Identifier: MIT
// What the fuzz targets share: the analysis objects and an index of the
// shipped corpus, built once per process.
#pragma once

#include "newsdex/analyzer.h"

#include "analysis/fold.h"
#include "catalog/reader.h"
#include "entities/extractor.h"
#include "entities/gazetteer.h"
#include "index/document_builder.h"
#include "util/escape.h"

#include <xapian.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace newsdex::fuzz {

struct World {
    Analyzer analyzer;
    std::shared_ptr<const detail::Gazetteer> gazetteer;
    std::unique_ptr<detail::EntityExtractor> extractor;
    Xapian::WritableDatabase db{std::string(), Xapian::DB_BACKEND_INMEMORY};
    std::vector<std::string> bodies;

    World() {
        gazetteer = detail::Gazetteer::load(analyzer, {}, nullptr);
        extractor = std::make_unique<detail::EntityExtractor>(*gazetteer, analyzer);
        const std::filesystem::path corpus = std::filesystem::path(NEWSDEX_SOURCE_DIR) / "corpus";
        for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
            if (entry.path().extension() != ".txt") {
                continue;
            }
            detail::InputFile input;
            input.file = entry.path();
            input.display = entry.path().filename().string();
            input.default_id = entry.path().stem().string();
            const detail::ReadResult read = detail::read_article_file(input);
            if (!read.article) {
                continue;
            }
            const detail::BuiltDocument built =
                detail::build_document(*read.article, analyzer, extractor.get(), "fuzz");
            db.replace_document(built.id_term, built.document);
            bodies.push_back(read.article->body);
        }
        db.commit();
    }
};

inline World& world() {
    static World w;
    return w;
}

/// Stops the run when a message holds a control character or a byte that
/// is not UTF-8: the values messages quote must be escaped (util/escape.h),
/// so that one problem is one line.
inline void check_one_line(const std::vector<InputProblem>& problems) {
    for (const InputProblem& p : problems) {
        if (detail::escape_controls(p.message) != p.message) {
            __builtin_trap();
        }
    }
}

}  // namespace newsdex::fuzz
