// SPDX-License-Identifier: MIT
#include "newsdex/paths.h"

#include <filesystem>

namespace newsdex {

std::optional<std::string> find_shipped_corpus(const std::string& program_path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path program = fs::canonical(program_path, ec);
    if (ec) {
        program = fs::path(program_path);
    }
    const fs::path dir = program.parent_path();
    // Installed: <prefix>/bin/newsdex-index -> <prefix>/share/newsdex/corpus.
    // Built: <source>/build/bin/newsdex-index -> <source>/corpus, or the
    // source directory this library was configured from.
    const fs::path candidates[] = {
        dir / ".." / NEWSDEX_INSTALL_DATADIR / "newsdex" / "corpus",
        dir / ".." / ".." / "corpus",
        fs::path(NEWSDEX_SOURCE_DIR) / "corpus",
    };
    for (const fs::path& candidate : candidates) {
        if (fs::is_directory(candidate, ec)) {
            return fs::weakly_canonical(candidate, ec).string();
        }
    }
    return std::nullopt;
}

}  // namespace newsdex
