// SPDX-License-Identifier: MIT
// Files that readers see whole or not at all (private to the library).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace newsdex::detail {

/// Writes `bytes` to `path` so that a reader sees the old file or the new
/// one, whole: into `path` + `temp_suffix` first, flushed to disk, renamed
/// over `path`, and the folder flushed (so that the rename reaches the disk
/// too). On failure the temporary file is removed.
/// @returns "" when written, else why not (the system's message).
std::string write_whole_file(
    const std::filesystem::path& path, std::string_view bytes, const std::string& temp_suffix
);

}  // namespace newsdex::detail
