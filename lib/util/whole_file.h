// SPDX-License-Identifier: MIT
// Files that readers see whole or not at all (private to the library).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
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

/// Maps a whole file into memory, read-only; `size` is set to its length.
/// The mapping goes with its last owner.
/// @returns null when the file cannot be opened or mapped, or is empty.
std::shared_ptr<const void> map_file(const std::string& path, std::size_t& size);

}  // namespace newsdex::detail
