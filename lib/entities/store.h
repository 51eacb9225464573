// SPDX-License-Identifier: MIT
// Extra gazetteer files kept in an index's metadata (private to the library).
#pragma once

#include "entities/gazetteer.h"

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

namespace newsdex::detail {

/// (file name, text) pairs.
using GazetteerFiles = std::vector<std::pair<std::string, std::string>>;

/// The extra gazetteer files stored in a database (of every sub-database).
GazetteerFiles stored_gazetteers(const Xapian::Database& db);

/// Stores them (in the open transaction or the next commit).
void store_gazetteers(Xapian::WritableDatabase& db, const GazetteerFiles& files);

/// Reads `path` into `files`, replacing a file of the same name.
/// @returns true when `files` changed.
/// @throws Error kIo when the file cannot be read.
bool merge_gazetteer_file(GazetteerFiles& files, const std::string& path);

/// Stores a gazetteer's compiled form (Gazetteer::compiled) unless `db` has it.
/// @returns true when it wrote (the caller commits).
bool store_compiled_gazetteer(Xapian::WritableDatabase& db, const std::string& compiled);

/// The gazetteer a search of `db` resolves names with: the image file in
/// the database folder `dir` (its first shard's; "" for none), mapped,
/// when it is for this gazetteer; else the image (or older compiled form)
/// the metadata stores; else the files analysed again.
std::shared_ptr<const Gazetteer>
gazetteer_for(const Analyzer& analyzer, const Xapian::Database& db, const std::string& dir);

}  // namespace newsdex::detail
