// SPDX-License-Identifier: MIT
// A set of 64-bit id hashes in one flat table (private to the library).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace newsdex::detail {

/// The ids an indexing run has seen, as their 64-bit hashes (XXH3, well
/// spread already): an open-addressing table (linear probing, at most 70 %
/// full) of 8-byte slots, 11 to 23 bytes an id, where a node-based set
/// takes about 40. Two of a million different ids share a hash with a
/// chance of about 3 in 10^8.
class IdSet {
  public:
    /// Adds `hash`; false when it was there already.
    bool insert(std::uint64_t hash) {
        if (hash == 0) {
            const bool fresh = !has_zero_;
            has_zero_ = true;
            return fresh;
        }
        if (10 * (size_ + 1) > 7 * slots_.size()) {
            grow();
        }
        std::uint64_t& slot = slots_[find(hash)];
        if (slot == hash) {
            return false;
        }
        slot = hash;
        ++size_;
        return true;
    }

    bool contains(std::uint64_t hash) const {
        if (hash == 0) {
            return has_zero_;
        }
        return !slots_.empty() && slots_[find(hash)] == hash;
    }

    std::size_t size() const noexcept { return size_ + (has_zero_ ? 1 : 0); }

  private:
    // The slot holding `hash`, or the empty one where it would go (0 marks
    // an empty slot; the hash 0 is kept apart).
    std::size_t find(std::uint64_t hash) const {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = static_cast<std::size_t>(hash) & mask;
        while (slots_[i] != 0 && slots_[i] != hash) {
            i = (i + 1) & mask;
        }
        return i;
    }

    void grow() {
        std::vector<std::uint64_t> old;
        old.swap(slots_);
        slots_.assign(old.empty() ? 1024 : 2 * old.size(), 0);
        for (const std::uint64_t hash : old) {
            if (hash != 0) {
                slots_[find(hash)] = hash;
            }
        }
    }

    std::vector<std::uint64_t> slots_;
    std::size_t size_ = 0;
    bool has_zero_ = false;
};

}  // namespace newsdex::detail
