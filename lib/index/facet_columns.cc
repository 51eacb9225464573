// SPDX-License-Identifier: MIT
#include "index/facet_columns.h"

#include "newsdex/schema.h"

#include "util/whole_file.h"

#include <xxhash.h>

#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <unistd.h>
#include <unordered_map>

namespace newsdex::detail {

namespace {

// The image (all numbers little-endian):
//   "NDXFACET", u64 checksum (XXH3-64 of the rest of the header and the
//   slot directory), u32 format, u32 slot count, u64 revision, u64 docs
//   (the shard's last document id + 1), u32 UUID length, the UUID, zeros to
//   a multiple of 8; then per slot 56 bytes: u32 slot, u32 width, u32
//   lists, u32 zero, u64 where the ids are, u64 where the list ends are,
//   u64 where the lists are, u64 where the slot's data ends, u64 XXH3-64
//   of the slot's data (from its ids to its end); then the data.
constexpr std::string_view kMagic = "NDXFACET";
constexpr std::uint32_t kFormat = 2;
constexpr std::size_t kSlotEntry = 56;
constexpr std::size_t kHeader = 44;  // up to the UUID

void put32(std::string& out, std::uint32_t v) {
    for (unsigned i = 0; i < 4; ++i) {
        out.push_back(static_cast<char>(v >> (8 * i) & 0xffU));
    }
}

void put64(std::string& out, std::uint64_t v) {
    for (unsigned i = 0; i < 8; ++i) {
        out.push_back(static_cast<char>(v >> (8 * i) & 0xffU));
    }
}

void set64(std::string& out, std::size_t at, std::uint64_t v) {
    for (unsigned i = 0; i < 8; ++i) {
        out[at + i] = static_cast<char>(v >> (8 * i) & 0xffU);
    }
}

std::uint64_t get(std::string_view in, std::size_t at, unsigned bytes) {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < bytes; ++i) {
        v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
    }
    return v;
}

void pad8(std::string& out) {
    while (out.size() % 8 != 0) {
        out.push_back('\0');
    }
}

// One slot's lists, numbered from 1 in the order of first use.
struct Column {
    std::vector<std::uint32_t> ids;
    std::vector<std::string> lists;
};

Column read_column(const Xapian::Database& shard, Xapian::valueno slot, std::uint64_t docs) {
    Column column;
    column.ids.assign(docs, 0);
    std::unordered_map<std::string, std::uint32_t> number;
    for (auto it = shard.valuestream_begin(slot); it != shard.valuestream_end(slot); ++it) {
        std::string list = *it;
        const auto [at, fresh] =
            number.try_emplace(list, static_cast<std::uint32_t>(number.size() + 1));
        if (fresh) {
            column.lists.push_back(std::move(list));
        }
        if (it.get_docid() < docs) {
            column.ids[it.get_docid()] = at->second;
        }
    }
    return column;
}

// The facet columns file of the shard folder `dir`, mapped, when it was
// written for this UUID and revision; null otherwise.
std::shared_ptr<const void> map_current_file(
    const std::string& dir, std::string_view uuid, Xapian::rev revision, std::size_t& size
);

std::vector<Xapian::valueno> facet_slots() {
    std::vector<Xapian::valueno> slots;
    for (const schema::Field& f : schema::kFields) {
        if (schema::has_use(f, schema::kFacet)) {
            slots.push_back(schema::slot_number(f.slot));
        }
    }
    return slots;
}

}  // namespace

std::string
build_facet_image(const Xapian::Database& shard, const std::vector<Xapian::valueno>& slots) {
    const std::uint64_t docs = std::uint64_t{shard.get_lastdocid()} + 1;
    const std::string uuid = shard.get_uuid();
    std::string out(kMagic);
    put64(out, 0);  // the checksum, once the rest is there
    put32(out, kFormat);
    put32(out, static_cast<std::uint32_t>(slots.size()));
    put64(out, shard.get_revision());
    put64(out, docs);
    put32(out, static_cast<std::uint32_t>(uuid.size()));
    out += uuid;
    pad8(out);
    const std::size_t directory = out.size();
    out.resize(out.size() + kSlotEntry * slots.size(), '\0');
    for (std::size_t s = 0; s < slots.size(); ++s) {
        const Column column = read_column(shard, slots[s], docs);
        const auto lists = static_cast<std::uint32_t>(column.lists.size());
        const unsigned width = lists < 0xffU ? 1 : lists < 0xffffU ? 2 : 4;
        std::string entry;
        put32(entry, slots[s]);
        put32(entry, width);
        put32(entry, lists);
        put32(entry, 0);
        out.replace(directory + kSlotEntry * s, entry.size(), entry);

        set64(out, directory + kSlotEntry * s + 16, out.size());
        for (const std::uint32_t id : column.ids) {
            for (unsigned i = 0; i < width; ++i) {
                out.push_back(static_cast<char>(id >> (8 * i) & 0xffU));
            }
        }
        pad8(out);
        set64(out, directory + kSlotEntry * s + 24, out.size());
        std::uint64_t offset = 0;
        put32(out, 0);
        for (const std::string& list : column.lists) {
            offset += list.size();
            if (offset > 0xffffffffU) {
                throw std::length_error("facet lists over 4 GiB");
            }
            put32(out, static_cast<std::uint32_t>(offset));
        }
        set64(out, directory + kSlotEntry * s + 32, out.size());
        for (const std::string& list : column.lists) {
            out += list;
        }
        pad8(out);
        const std::size_t begin = get(out, directory + kSlotEntry * s + 16, 8);
        set64(out, directory + kSlotEntry * s + 40, out.size());
        set64(
            out,
            directory + kSlotEntry * s + 48,
            XXH3_64bits(out.data() + begin, out.size() - begin)
        );
    }
    const std::size_t end = directory + kSlotEntry * slots.size();
    set64(out, 8, XXH3_64bits(out.data() + 16, end - 16));
    return out;
}

namespace {

// Where the slot directory starts, when the header is for this shard at
// this revision and whole; 0 otherwise.
std::size_t directory_of(std::string_view image, std::string_view uuid, Xapian::rev revision) {
    const std::size_t size = image.size();
    if (size < kHeader || image.substr(0, kMagic.size()) != kMagic
        || get(image, 16, 4) != kFormat) {
        return 0;
    }
    const std::uint64_t uuid_size = get(image, 40, 4);
    if (get(image, 24, 8) != revision || uuid_size != uuid.size() || kHeader + uuid_size > size
        || image.substr(kHeader, uuid_size) != uuid) {
        return 0;  // another shard's, or another revision's
    }
    const std::size_t directory = (kHeader + uuid_size + 7) / 8 * 8;
    const std::uint64_t slots = get(image, 20, 4);
    if (directory > size || slots > (size - directory) / kSlotEntry) {
        return 0;
    }
    // Damaged (a disk error, a hand edit): counts from it would be wrong.
    const std::size_t end = directory + kSlotEntry * slots;
    if (get(image, 8, 8) != XXH3_64bits(image.data() + 16, end - 16)) {
        return 0;
    }
    return directory;
}

}  // namespace

bool facet_image_is_for(std::string_view image, std::string_view uuid, Xapian::rev revision) {
    return directory_of(image, uuid, revision) != 0;
}

namespace {

std::shared_ptr<const void> map_current_file(
    const std::string& dir, std::string_view uuid, Xapian::rev revision, std::size_t& size
) {
    std::shared_ptr<const void> bytes = map_file(facet_file_path(dir), size);
    if (bytes
        && !facet_image_is_for({static_cast<const char*>(bytes.get()), size}, uuid, revision)) {
        bytes.reset();
        size = 0;
    }
    return bytes;
}

}  // namespace

std::shared_ptr<const FacetColumn> parse_facet_column(
    const std::shared_ptr<const void>& keep,
    std::string_view image,
    std::string_view uuid,
    Xapian::rev revision,
    Xapian::valueno slot
) {
    const std::size_t directory = directory_of(image, uuid, revision);
    if (directory == 0) {
        return nullptr;
    }
    const std::size_t size = image.size();
    const std::uint64_t slots = get(image, 20, 4);
    for (std::size_t s = 0; s < slots; ++s) {
        const std::size_t entry = directory + kSlotEntry * s;
        if (get(image, entry, 4) != slot) {
            continue;
        }
        auto column = std::make_shared<FacetColumn>();
        column->keep_ = keep;
        column->width_ = static_cast<unsigned>(get(image, entry + 4, 4));
        column->lists_ = static_cast<std::uint32_t>(get(image, entry + 8, 4));
        column->docs_ = get(image, 32, 8);
        const std::uint64_t ids_at = get(image, entry + 16, 8);
        const std::uint64_t offsets_at = get(image, entry + 24, 8);
        const std::uint64_t blob_at = get(image, entry + 32, 8);
        const std::uint64_t end = get(image, entry + 40, 8);
        const std::uint64_t lists = column->lists_;
        if ((column->width_ != 1 && column->width_ != 2 && column->width_ != 4) || end > size
            || ids_at > end || column->docs_ > (end - ids_at) / column->width_ || offsets_at > end
            || lists + 1 > (end - offsets_at) / 4 || blob_at > end
            || get(image, entry + 48, 8) != XXH3_64bits(image.data() + ids_at, end - ids_at)) {
            return nullptr;
        }
        const auto* bytes = reinterpret_cast<const unsigned char*>(image.data());
        column->ids_ = bytes + ids_at;
        column->offsets_ = bytes + offsets_at;
        column->blob_ = image.data() + blob_at;
        // The list ends must rise and stay inside the slot's data, so that
        // every list() is a view of it.
        std::uint64_t last = 0;
        for (std::uint64_t i = 0; i <= lists; ++i) {
            const std::uint64_t at = get(image, offsets_at + 4 * i, 4);
            if (at < last || (i == 0 && at != 0)) {
                return nullptr;
            }
            last = at;
        }
        if (last > end - blob_at) {
            return nullptr;
        }
        return column;
    }
    return nullptr;
}

std::string facet_file_path(const std::string& dir) {
    return (std::filesystem::path(dir) / schema::kFacetColumnsFile).string();
}

std::string facet_file_problem(const std::string& dir, const Xapian::Database& shard) {
    std::error_code ec;
    if (!std::filesystem::exists(facet_file_path(dir), ec)) {
        return "no facet columns file";
    }
    std::size_t size = 0;
    const std::string uuid = shard.get_uuid();
    const std::shared_ptr<const void> bytes =
        map_current_file(dir, uuid, shard.get_revision(), size);
    if (!bytes) {
        return "the facet columns file is for another revision of the shard, or its header is "
               "damaged";
    }
    const std::string_view image(static_cast<const char*>(bytes.get()), size);
    for (const Xapian::valueno slot : facet_slots()) {
        if (!parse_facet_column(bytes, image, uuid, shard.get_revision(), slot)) {
            return "the facet columns of value slot " + std::to_string(slot)
                   + " fail their checksum";
        }
    }
    return {};
}

bool write_facet_file(const std::string& dir) {
    const Xapian::Database shard(dir);
    const std::string path = facet_file_path(dir);
    std::size_t size = 0;
    if (map_current_file(dir, shard.get_uuid(), shard.get_revision(), size)) {
        return false;  // already for this revision
    }
    if (const std::string why = write_whole_file(
            path, build_facet_image(shard, facet_slots()), ".tmp" + std::to_string(::getpid())
        );
        !why.empty()) {
        throw std::runtime_error("cannot write " + path + ": " + why);
    }
    return true;
}

void FacetColumns::put(
    Key key, Xapian::rev revision, std::shared_ptr<const FacetColumn> column, bool from_file
) {
    if (cache_.size() >= kMaxColumns && cache_.count(key) == 0) {
        cache_.clear();  // shards compacted away leave columns nobody asks for
    }
    Entry& entry = cache_[std::move(key)];
    if (!entry.column || entry.revision <= revision) {
        entry = {revision, std::move(column), from_file};
    }
}

std::shared_ptr<const FacetColumn>
FacetColumns::read_file(const std::string& dir, const Key& key, Xapian::rev revision) {
    File file;
    bool mapped = false;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (const auto it = files_.find({key.uuid, revision}); it != files_.end()) {
            file = it->second;
            mapped = true;
        }
    }
    if (!mapped && !dir.empty()) {
        // The file beside the shard, kept when it is for this revision.
        file.bytes = map_current_file(dir, key.uuid, revision, file.size);
        const std::lock_guard<std::mutex> lock(mutex_);
        // Older revisions' files are not asked for again.
        for (auto it = files_.begin(); it != files_.end();) {
            it = it->first.first == key.uuid || files_.size() >= kMaxColumns ? files_.erase(it)
                                                                             : std::next(it);
        }
        files_[{key.uuid, revision}] = file;
    }
    if (!file.bytes) {
        return nullptr;
    }
    std::shared_ptr<const FacetColumn> column = parse_facet_column(
        file.bytes,
        {static_cast<const char*>(file.bytes.get()), file.size},
        key.uuid,
        revision,
        key.slot
    );
    if (column) {
        const std::lock_guard<std::mutex> lock(mutex_);
        put(key, revision, column, true);
    }
    return column;
}

std::shared_ptr<const FacetColumn> FacetColumns::get(
    const Xapian::Database& shard, const std::string& dir, Xapian::valueno slot, bool build
) {
    const std::string uuid = shard.get_uuid();
    const Xapian::rev revision = shard.get_revision();
    Key key{uuid, slot};
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (const auto it = cache_.find(key);
            it != cache_.end() && it->second.revision == revision) {
            return it->second.column;
        }
    }
    if (std::shared_ptr<const FacetColumn> column = read_file(dir, key, revision)) {
        return column;
    }
    if (!build) {
        return nullptr;
    }
    auto image = std::make_shared<const std::string>(build_facet_image(shard, {slot}));
    std::shared_ptr<const FacetColumn> column =
        parse_facet_column(image, *image, uuid, revision, slot);
    if (column) {
        const std::lock_guard<std::mutex> lock(mutex_);
        put(std::move(key), revision, column, false);
    }
    return column;
}

bool FacetColumns::on_file(
    const Xapian::Database& shard, const std::string& dir, Xapian::valueno slot
) {
    const Key key{shard.get_uuid(), slot};
    const Xapian::rev revision = shard.get_revision();
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (const auto it = cache_.find(key);
            it != cache_.end() && it->second.revision == revision && it->second.from_file) {
            return true;
        }
    }
    return read_file(dir, key, revision) != nullptr;
}

}  // namespace newsdex::detail
