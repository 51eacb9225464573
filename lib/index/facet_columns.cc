// SPDX-License-Identifier: MIT
#include "index/facet_columns.h"

#include "newsdex/schema.h"

#include <xxhash.h>

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <string_view>
#include <sys/mman.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <unordered_map>

namespace newsdex::detail {

namespace {

// The image (all numbers little-endian):
//   "NDXFACET", u64 checksum (XXH3-64 of everything after it), u32 format,
//   u32 slot count, u64 revision, u64 docs (the shard's last document id
//   + 1), u32 UUID length, the UUID, zeros to a multiple of 8; then per
//   slot 40 bytes: u32 slot, u32 width, u32 lists, u32 zero, u64 where the
//   ids are, u64 where the list offsets are, u64 where the lists are; then
//   the data they point at.
constexpr std::string_view kMagic = "NDXFACET";
constexpr std::uint32_t kFormat = 1;
constexpr std::size_t kSlotEntry = 40;
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

// A file mapped into memory, unmapped with its last owner.
std::shared_ptr<const void> map_file(const std::string& path, std::size_t& size) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return nullptr;
    }

    struct stat st {};

    void* at = MAP_FAILED;
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        size = static_cast<std::size_t>(st.st_size);
        at = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    }
    ::close(fd);
    if (at == MAP_FAILED) {
        return nullptr;
    }
    return {at, [size](const void* p) {
                ::munmap(const_cast<void*>(p), size);
            }};
}

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
    }
    set64(out, 8, XXH3_64bits(out.data() + 16, out.size() - 16));
    return out;
}

std::map<Xapian::valueno, std::shared_ptr<const FacetColumn>> parse_facet_image(
    const std::shared_ptr<const void>& keep,
    std::string_view image,
    std::string_view uuid,
    Xapian::rev revision
) {
    std::map<Xapian::valueno, std::shared_ptr<const FacetColumn>> out;
    const std::size_t size = image.size();
    if (size < kHeader || image.substr(0, kMagic.size()) != kMagic
        || get(image, 16, 4) != kFormat) {
        return out;
    }
    const std::uint64_t slots = get(image, 20, 4);
    const std::uint64_t docs = get(image, 32, 8);
    const std::uint64_t uuid_size = get(image, 40, 4);
    if (get(image, 24, 8) != revision || uuid_size != uuid.size() || kHeader + uuid_size > size
        || image.substr(kHeader, uuid_size) != uuid) {
        return out;  // another shard's, or another revision's
    }
    // Damaged (a disk error, a hand edit): counts from it would be wrong.
    if (get(image, 8, 8) != XXH3_64bits(image.data() + 16, size - 16)) {
        return out;
    }
    const std::size_t directory = (kHeader + uuid_size + 7) / 8 * 8;
    if (slots > (size - std::min(size, directory)) / kSlotEntry) {
        return out;
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(image.data());
    std::map<Xapian::valueno, std::shared_ptr<const FacetColumn>> columns;
    for (std::size_t s = 0; s < slots; ++s) {
        const std::size_t entry = directory + kSlotEntry * s;
        auto column = std::make_shared<FacetColumn>();
        column->keep_ = keep;
        column->width_ = static_cast<unsigned>(get(image, entry + 4, 4));
        column->lists_ = static_cast<std::uint32_t>(get(image, entry + 8, 4));
        column->docs_ = docs;
        const std::uint64_t ids_at = get(image, entry + 16, 8);
        const std::uint64_t offsets_at = get(image, entry + 24, 8);
        const std::uint64_t blob_at = get(image, entry + 32, 8);
        const std::uint64_t lists = column->lists_;
        if ((column->width_ != 1 && column->width_ != 2 && column->width_ != 4) || ids_at > size
            || docs > (size - ids_at) / column->width_ || offsets_at > size
            || lists + 1 > (size - offsets_at) / 4 || blob_at > size) {
            return out;
        }
        column->ids_ = bytes + ids_at;
        column->offsets_ = bytes + offsets_at;
        column->blob_ = image.data() + blob_at;
        // The offsets must rise and end inside the image, so that every
        // list() is a view of it.
        std::uint64_t last = 0;
        for (std::uint64_t i = 0; i <= lists; ++i) {
            const std::uint64_t at = get(image, offsets_at + 4 * i, 4);
            if (at < last || (i == 0 && at != 0)) {
                return out;
            }
            last = at;
        }
        if (last > size - blob_at) {
            return out;
        }
        columns[static_cast<Xapian::valueno>(get(image, entry, 4))] = std::move(column);
    }
    return columns;
}

std::string facet_file_path(const std::string& dir) {
    return (std::filesystem::path(dir) / schema::kFacetColumnsFile).string();
}

bool write_facet_file(const std::string& dir) {
    const Xapian::Database shard(dir);
    const std::string path = facet_file_path(dir);
    {
        std::size_t size = 0;
        const std::shared_ptr<const void> mapped = map_file(path, size);
        if (mapped
            && !parse_facet_image(
                    mapped,
                    {static_cast<const char*>(mapped.get()), size},
                    shard.get_uuid(),
                    shard.get_revision()
            )
                    .empty()) {
            return false;  // already for this revision
        }
    }
    const std::string image = build_facet_image(shard, facet_slots());
    const std::string temp = path + ".tmp" + std::to_string(::getpid());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw std::system_error(errno, std::generic_category(), "cannot create " + temp);
    }
    std::size_t written = 0;
    while (written < image.size()) {
        const ssize_t n = ::write(fd, image.data() + written, image.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            const int error = n < 0 ? errno : ENOSPC;
            ::close(fd);
            ::unlink(temp.c_str());
            throw std::system_error(error, std::generic_category(), "cannot write " + temp);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        throw std::system_error(error, std::generic_category(), "cannot write " + temp);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        throw std::system_error(error, std::generic_category(), "cannot rename " + temp);
    }
    return true;
}

void FacetColumns::put(Key key, Xapian::rev revision, std::shared_ptr<const FacetColumn> column) {
    if (cache_.size() >= kMaxColumns && cache_.count(key) == 0) {
        cache_.clear();  // shards compacted away leave columns nobody asks for
        files_read_.clear();
    }
    Entry& entry = cache_[std::move(key)];
    if (!entry.column || entry.revision <= revision) {
        entry = {revision, std::move(column)};
    }
}

std::shared_ptr<const FacetColumn> FacetColumns::get(
    const Xapian::Database& shard, const std::string& dir, Xapian::valueno slot, bool build
) {
    const std::string uuid = shard.get_uuid();
    const Xapian::rev revision = shard.get_revision();
    Key key{uuid, slot};
    bool read_file = false;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (const auto it = cache_.find(key);
            it != cache_.end() && it->second.revision == revision) {
            return it->second.column;
        }
        if (files_read_.size() > kMaxColumns) {
            files_read_.clear();  // a long-lived searcher sees many revisions
        }
        read_file = !dir.empty() && files_read_.emplace(uuid, revision).second;
    }
    if (read_file) {
        // The file beside the shard, when it was written for this revision.
        std::size_t size = 0;
        const std::shared_ptr<const void> mapped = map_file(facet_file_path(dir), size);
        if (mapped) {
            auto columns = parse_facet_image(
                mapped, {static_cast<const char*>(mapped.get()), size}, uuid, revision
            );
            const std::lock_guard<std::mutex> lock(mutex_);
            std::shared_ptr<const FacetColumn> found;
            for (auto& [s, column] : columns) {
                if (s == slot) {
                    found = column;
                }
                put({uuid, s}, revision, std::move(column));
            }
            if (found) {
                return found;
            }
        }
    }
    if (!build) {
        return nullptr;
    }
    auto image = std::make_shared<const std::string>(build_facet_image(shard, {slot}));
    auto columns = parse_facet_image(image, *image, uuid, revision);
    if (columns.count(slot) == 0) {
        return nullptr;
    }
    std::shared_ptr<const FacetColumn> column = columns[slot];
    const std::lock_guard<std::mutex> lock(mutex_);
    put(std::move(key), revision, column);
    return column;
}

}  // namespace newsdex::detail
