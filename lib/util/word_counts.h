// SPDX-License-Identifier: MIT
// Counts by word in one flat table (private to the library).
#pragma once

#include <xxhash.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail {

/// Signed counts by word: an open-addressing table (linear probing, at most
/// half full) of 16-byte slots holding the word's hash, its count and where
/// the word is kept. Counting a word costs about two cache-line reads (its
/// slot, then the word to compare), where a node-based hash map takes
/// several: the index writer counts a hundred spelling words an article.
class WordCounts {
  public:
    /// The hash a word is filed by (XXH3-64).
    static std::uint64_t hash(std::string_view word) noexcept {
        return XXH3_64bits(word.data(), word.size());
    }

    /// Adds `delta` to the count of `word` (a new word starts at 0).
    void add(std::string_view word, int delta) { add(word, delta, hash(word)); }

    /// The same, with the word's hash(), when the caller has it.
    void add(std::string_view word, int delta, std::uint64_t hash) {
        if (2 * (words_.size() + 1) > slots_.size()) {
            grow();
        }
        Slot& slot = slots_[find(word, hash)];
        if (slot.word == 0) {
            words_.emplace_back(word);
            slot = Slot{hash, static_cast<std::uint32_t>(words_.size()), 0};
        }
        slot.count += delta;
    }

    /// The count of `word` (0 when it was never counted).
    int count(std::string_view word) const {
        return slots_.empty() ? 0 : slots_[find(word, hash(word))].count;
    }

    /// Distinct words counted (also those whose count came back to 0).
    std::size_t size() const noexcept { return words_.size(); }

    bool empty() const noexcept { return words_.empty(); }

    /// Calls fn(word, count) for each word counted, in no set order.
    template <typename Fn>
    void for_each(const Fn& fn) const {
        for (const Slot& slot : slots_) {
            if (slot.word != 0) {
                fn(words_[slot.word - 1], slot.count);
            }
        }
    }

    /// Adds every count to `other`.
    void add_to(WordCounts& other) const {
        for (const Slot& slot : slots_) {
            if (slot.word != 0) {
                other.add(words_[slot.word - 1], slot.count, slot.hash);
            }
        }
    }

    /// Forgets every word, keeping the table's size (a table that is
    /// filled and cleared over and over is not allocated over and over).
    void clear() noexcept {
        std::fill(slots_.begin(), slots_.end(), Slot{});
        words_.clear();
    }

  private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t word = 0;  // 1 + its index in words_; 0: empty slot
        int count = 0;
    };

    static_assert(sizeof(Slot) == 16);

    // The slot of `word`, or the empty slot where it would go (the table
    // is never full).
    std::size_t find(std::string_view word, std::uint64_t hash) const {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = hash & mask;
        while (slots_[i].word != 0 && (slots_[i].hash != hash || words_[slots_[i].word - 1] != word)
        ) {
            i = (i + 1) & mask;
        }
        return i;
    }

    void grow() {
        std::vector<Slot> old(slots_.empty() ? 1024 : 2 * slots_.size());
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (const Slot& slot : old) {
            if (slot.word == 0) {
                continue;
            }
            std::size_t i = slot.hash & mask;
            while (slots_[i].word != 0) {
                i = (i + 1) & mask;
            }
            slots_[i] = slot;
        }
    }

    std::vector<Slot> slots_;
    std::vector<std::string> words_;
};

}  // namespace newsdex::detail
