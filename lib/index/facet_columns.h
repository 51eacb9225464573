// SPDX-License-Identifier: MIT
// Facet columns: every document's value list of a facet slot, by document
// id, held in memory or in a file beside a shard (private to the library).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsdex::detail {

/// A facet slot of one shard: the value list of every document by its id
/// in the shard, each distinct list stored once. Counting a match is then
/// an array read (a value stream costs hundreds of instructions a
/// document). Its bytes are those of a facet columns image (see
/// build_facet_image), in memory or mapped from the shard's file.
class FacetColumn {
  public:
    /// 1 + the index of `did`'s list, 0 when it has none.
    std::uint32_t list_of(Xapian::docid did) const noexcept {
        if (did >= docs_) {
            return 0;
        }
        std::uint32_t v = 0;
        switch (width_) {
        case 1:
            v = ids_[did];
            break;
        case 2:
            v = static_cast<std::uint32_t>(ids_[std::size_t{2} * did])
                | static_cast<std::uint32_t>(ids_[std::size_t{2} * did + 1]) << 8U;
            break;
        default:
            v = load32(ids_ + 4 * static_cast<std::size_t>(did));
        }
        return v <= lists_ ? v : 0;
    }

    /// Number of distinct lists.
    std::uint32_t lists() const noexcept { return lists_; }

    /// The list numbered `i` (1 to lists()): values separated by '\n'.
    std::string_view list(std::uint32_t i) const noexcept {
        const std::uint32_t begin = load32(offsets_ + 4 * static_cast<std::size_t>(i - 1));
        const std::uint32_t end = load32(offsets_ + 4 * static_cast<std::size_t>(i));
        return {blob_ + begin, end - begin};
    }

  private:
    friend std::shared_ptr<const FacetColumn> parse_facet_column(
        const std::shared_ptr<const void>& keep,
        std::string_view image,
        std::string_view uuid,
        Xapian::rev revision,
        Xapian::valueno slot
    );

    static std::uint32_t load32(const unsigned char* p) noexcept {
        return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8U
               | static_cast<std::uint32_t>(p[2]) << 16U | static_cast<std::uint32_t>(p[3]) << 24U;
    }

    std::shared_ptr<const void> keep_;  ///< owns the bytes below
    const unsigned char* ids_ = nullptr;
    unsigned width_ = 4;  ///< bytes per id: 1, 2 or 4
    std::uint64_t docs_ = 0;
    const unsigned char* offsets_ = nullptr;  ///< lists_ + 1 little-endian u32
    const char* blob_ = nullptr;
    std::uint32_t lists_ = 0;
};

/// The facet columns image of `slots` of `shard` at its current revision:
/// a header naming the shard (UUID) and revision, then per slot the list
/// number of every document (1, 2 or 4 bytes, little-endian) and the
/// distinct lists. The format is in docs/scaling.md.
std::string
build_facet_image(const Xapian::Database& shard, const std::vector<Xapian::valueno>& slots);

/// True when `image` is a facet columns image written for the shard with
/// this UUID at this revision, its header and slot directory whole.
bool facet_image_is_for(std::string_view image, std::string_view uuid, Xapian::rev revision);

/// The column of `slot` in an image written for the shard with this UUID
/// at this revision, when the image has it whole (its own checksum, so
/// that only the slots a search uses are read); null otherwise. The column
/// points into `image`, which `keep` owns.
std::shared_ptr<const FacetColumn> parse_facet_column(
    const std::shared_ptr<const void>& keep,
    std::string_view image,
    std::string_view uuid,
    Xapian::rev revision,
    Xapian::valueno slot
);

/// What is wrong with the facet columns file of the shard database at
/// `dir` (opened as `shard`): "" when it is there, for the shard's current
/// revision, and every slot's checksum holds.
std::string facet_file_problem(const std::string& dir, const Xapian::Database& shard);

/// The path of the facet columns file of the shard database folder `dir`.
std::string facet_file_path(const std::string& dir);

/// Writes the facet columns file of every facet field for the shard
/// database at `dir` (a glass folder), at its current revision, unless
/// the file there is already for it. Written to a temporary file, synced
/// and renamed into place: readers see the old file or the new one.
/// @returns true when it wrote one.
/// @throws Xapian::Error, or std::runtime_error when the file cannot be written.
bool write_facet_file(const std::string& dir);

/// The facet columns a Searcher uses, by shard (its UUID), revision and
/// slot: read from the shard's file when it is for the shard's current
/// revision, else built in memory on request. A shard's columns of older
/// revisions are dropped when newer ones come. Thread-safe.
class FacetColumns {
  public:
    /// The column of `slot` in `shard` (whose folder is `dir`, or "") at
    /// its current revision: the cached one, else the file's, else built
    /// now when `build`, else null.
    std::shared_ptr<const FacetColumn>
    get(const Xapian::Database& shard, const std::string& dir, Xapian::valueno slot, bool build);

    /// True when the shard's file (not a column built in memory) holds the
    /// column of `slot` for the shard's current revision.
    bool on_file(const Xapian::Database& shard, const std::string& dir, Xapian::valueno slot);

  private:
    struct Key {
        std::string uuid;
        Xapian::valueno slot;

        bool operator<(const Key& o) const {
            return uuid != o.uuid ? uuid < o.uuid : slot < o.slot;
        }
    };

    struct Entry {
        Xapian::rev revision = 0;
        std::shared_ptr<const FacetColumn> column;
        bool from_file = false;  ///< read from the shard's file, not built
    };

    /// A shard's file, mapped (null when it is missing or not for the
    /// shard's revision).
    struct File {
        std::shared_ptr<const void> bytes;
        std::size_t size = 0;
    };

    void
    put(Key key, Xapian::rev revision, std::shared_ptr<const FacetColumn> column, bool from_file);

    /// The column of the shard's file, cached, or null.
    std::shared_ptr<const FacetColumn>
    read_file(const std::string& dir, const Key& key, Xapian::rev revision);

    static constexpr std::size_t kMaxColumns = 256;
    std::mutex mutex_;
    std::map<Key, Entry> cache_;
    std::map<std::pair<std::string, Xapian::rev>, File> files_;  ///< by (uuid, revision)
};

}  // namespace newsdex::detail
