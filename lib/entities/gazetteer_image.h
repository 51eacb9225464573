// SPDX-License-Identifier: MIT
// The layout of the gazetteer's image (private to the entities part): what
// its writer (gazetteer_image_writer.cc) and its reader
// (gazetteer_compiled.cc) agree on. docs/entities.md describes the format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace newsdex::detail::gazetteer_image {

// The image: "NDXGAZET", u64 XXH3-64 of what follows, u32 format, u32
// header length, the header padded to 4 bytes, then the body: a directory
// of kDirWords u32 and the sections it places (offsets from the body's
// start), all numbers little-endian u32.
inline constexpr std::string_view kMagic = "NDXGAZET";
inline constexpr std::uint32_t kFormat = 4;
inline constexpr std::size_t kHeaderAt = 24;

enum Dir : std::size_t {
    kEntityCount,
    kNameCount,
    kFirstCount,
    kFoldedCount,
    kKeyCount,
    kIdCount,
    kStringsSize,
    kEntitiesAt,
    kNamesAt,
    kNameTermsAt,
    kOfficeTermsAt,
    kFirstAt,
    kFoldedAt,
    kKeysAt,
    kIdsAt,
    kStringsAt,
    kFirstSlots,   ///< slots of the hash table of first terms (a power of 2)
    kFirstHashAt,  ///< the hash table: per slot 0 or 1 + an entry of the first terms
    kDirWords
};

// Record sizes in u32: an entity (type, name, folded, country, role as
// (offset, length) in the string pool, its office terms and its names as
// (begin, count)), a name (entity, kind, flags, its terms), a name's term
// (string, bits), an office term (start, end), an entry of a sorted table
// (key string, then two numbers).
inline constexpr std::size_t kEntityWords = 13;
inline constexpr std::size_t kNameWords = 5;
inline constexpr std::size_t kNameTermWords = 3;
inline constexpr std::size_t kOfficeTermWords = 2;
inline constexpr std::size_t kEntryWords = 4;

/// The little-endian u32 at `at` of `in`.
inline std::uint32_t get32(std::string_view in, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
        v |= static_cast<std::uint32_t>(
                 static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)])
             )
             << (8 * i);
    }
    return v;
}

/// The little-endian u64 at `at` of `in`.
inline std::uint64_t get64(std::string_view in, std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
        v |= static_cast<std::uint64_t>(
                 static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)])
             )
             << (8 * i);
    }
    return v;
}

/// `n` rounded up to a multiple of 4.
inline std::size_t padded(std::size_t n) {
    return (n + 3) / 4 * 4;
}

/// The image with `header` and `body` (which starts with the directory):
/// magic, checksum, format, header (gazetteer_image_writer.cc).
std::string assemble(std::string_view header, std::string_view body);

}  // namespace newsdex::detail::gazetteer_image
