// SPDX-License-Identifier: MIT
// Reading JSON Lines and TREC files line by line, plain or gzipped.
#include "catalog/formats.h"
#include "catalog/reader.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <vector>

namespace newsdex::detail {

// Gunzips a file with zlib's inflate, so that what was decompressed before
// damage is kept (zlib's gzread drops the output of the call that meets the
// damage: a small file with a bad check at its end would give nothing).
// Concatenated gzip members are read one after another; bytes after the
// last member that are not gzip are ignored, as gzip and gzread do.
struct LineReader::Gz {
    std::FILE* in = nullptr;  // not owned
    z_stream zs{};
    bool started = false;         // inflateInit2 done
    bool between_members = true;  // at a member's start (or before the first)
    bool done = false;            // nothing more will be decompressed
    std::vector<unsigned char> input = std::vector<unsigned char>(std::size_t{1} << 17);
    std::vector<char> output = std::vector<char>(std::size_t{1} << 17);
    std::size_t out_begin = 0;
    std::size_t out_end = 0;
    std::uint64_t consumed = 0;  // compressed bytes read
    std::string error;           // why the data stopped early, if it did
    bool check_only = false;     // the error is a failed check at a member's end

    Gz() = default;
    Gz(const Gz&) = delete;
    Gz& operator=(const Gz&) = delete;
    Gz(Gz&&) = delete;
    Gz& operator=(Gz&&) = delete;

    ~Gz() {
        if (started) {
            inflateEnd(&zs);
        }
    }

    // Reads more compressed bytes; false at the end of the file or on error.
    bool read_more() {
        if (zs.avail_in > 0) {
            std::memmove(input.data(), zs.next_in, zs.avail_in);
        }
        const std::size_t have = zs.avail_in;
        const std::size_t n = std::fread(input.data() + have, 1, input.size() - have, in);
        if (n == 0 && std::ferror(in) != 0) {
            error =
                "read error (" + std::error_code(errno, std::generic_category()).message() + ")";
            done = true;
        }
        consumed += n;
        zs.next_in = input.data();
        zs.avail_in = static_cast<uInt>(have + n);
        return n > 0;
    }

    // Decompresses more into `output` (which must be used up); false when
    // nothing more comes.
    bool fill() {
        out_begin = 0;
        out_end = 0;
        while (out_end == 0 && !done) {
            if (between_members) {
                while (zs.avail_in < 2 && read_more()) {
                }
                if (zs.avail_in < 2 || zs.next_in[0] != 0x1f || zs.next_in[1] != 0x8b) {
                    done = true;  // the end, or bytes after the last member
                    break;
                }
                const int init = started ? inflateReset(&zs) : inflateInit2(&zs, 16 + MAX_WBITS);
                if (init != Z_OK) {
                    error = "zlib cannot start (" + std::to_string(init) + ")";
                    done = true;
                    break;
                }
                started = true;
                between_members = false;
            }
            if (zs.avail_in == 0 && !read_more()) {
                if (!done) {
                    error = "unexpected end of file";
                    done = true;
                }
                break;
            }
            zs.next_out = reinterpret_cast<Bytef*>(output.data());
            zs.avail_out = static_cast<uInt>(output.size());
            const int ret = inflate(&zs, Z_NO_FLUSH);
            out_end = output.size() - zs.avail_out;
            if (ret == Z_STREAM_END) {
                between_members = true;
            } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
                error = zs.msg != nullptr ? zs.msg : "damaged data (" + std::to_string(ret) + ")";
                check_only = error == "incorrect data check" || error == "incorrect length check";
                done = true;
            }
        }
        return out_end > out_begin;
    }
};

LineReader::LineReader(const std::string& path, std::size_t max_line)
    : max_line_(std::max<std::size_t>(max_line, 1)) {
    if (path == "-") {
        file_ = stdin;
        ok_ = true;
        return;
    }
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) {
        error_ = read_problem(std::error_code(errno, std::generic_category()));
        return;
    }
    close_file_ = true;
    unsigned char magic[2] = {0, 0};
    const std::size_t got = std::fread(magic, 1, 2, file_);
    std::rewind(file_);
    if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
        gz_ = std::make_unique<Gz>();
        gz_->in = file_;
    }
    ok_ = true;
}

LineReader::~LineReader() {
    gz_.reset();
    if (close_file_ && file_ != nullptr) {
        std::fclose(file_);
    }
}

bool LineReader::refill() {
    begin_ = end_ = nullptr;
    if (at_end_) {
        return false;
    }
    if (gz_) {
        const bool got = gz_->fill();
        bytes_ = gz_->consumed;
        if (!got) {
            at_end_ = true;
            if (!gz_->error.empty() && error_.empty()) {
                // Damage cuts the line it is in; a failed check at the end
                // comes after all the data, which is read whole.
                error_ = "gzip: " + gz_->error;
                data_lost_ = !gz_->check_only;
            }
            return false;
        }
        begin_ = gz_->output.data() + gz_->out_begin;
        end_ = gz_->output.data() + gz_->out_end;
        gz_->out_begin = gz_->out_end;
        return true;
    }
    if (buffer_.empty()) {
        buffer_.resize(std::size_t{1} << 17);
    }
    const std::size_t n = std::fread(buffer_.data(), 1, buffer_.size(), file_);
    if (n == 0) {
        at_end_ = true;
        if (std::ferror(file_) != 0) {
            error_ =
                "read error (" + std::error_code(errno, std::generic_category()).message() + ")";
            data_lost_ = true;
        }
        return false;
    }
    bytes_ += n;
    begin_ = buffer_.data();
    end_ = begin_ + n;
    return true;
}

bool LineReader::next(std::string& line) {
    line.clear();
    too_long_ = false;
    size_ = 0;
    if (!ok_) {
        return false;
    }
    number_ = next_number_;
    bool ended = false;  // by a newline
    while (!ended) {
        if (begin_ == end_ && !refill()) {
            if (data_lost_) {
                line.clear();
                return false;
            }
            break;
        }
        const void* newline = std::memchr(begin_, '\n', static_cast<std::size_t>(end_ - begin_));
        const char* stop = newline != nullptr ? static_cast<const char*>(newline) : end_;
        const auto take = static_cast<std::size_t>(stop - begin_);
        size_ += take;
        if (!too_long_ && size_ > max_line_) {
            // Kept no longer: only its start, to see its tags; the rest is
            // read through and counted.
            too_long_ = true;
        }
        const std::size_t keep_up_to = too_long_ ? kKeptOfLongLine : max_line_;
        if (line.size() < keep_up_to) {
            line.append(begin_, std::min(take, keep_up_to - line.size()));
        }
        begin_ = stop;
        if (newline != nullptr) {
            ++begin_;
            ended = true;
        }
    }
    if (too_long_ && line.size() > kKeptOfLongLine) {
        line.resize(kKeptOfLongLine);
        line.shrink_to_fit();
    }
    if (!ended && size_ == 0) {
        return false;  // the end of the file
    }
    if (!line.empty() && line.back() == '\r' && !too_long_) {
        line.pop_back();
        --size_;
    }
    ++next_number_;
    if (line.empty() && !too_long_) {
        // A run of empty lines is one: passed over a buffer at a time.
        for (;;) {
            if (begin_ == end_ && !refill()) {
                break;
            }
            const char* p = begin_;
            // Eight newlines at a time first: 2 GB of them take seconds.
            constexpr std::uint64_t kNewlines = 0x0a0a0a0a0a0a0a0aULL;
            while (end_ - p >= 8) {
                std::uint64_t word = 0;
                std::memcpy(&word, p, sizeof word);
                if (word != kNewlines) {
                    break;
                }
                p += 8;
                next_number_ += 8;
            }
            while (p != end_ && (*p == '\n' || (*p == '\r' && p + 1 != end_ && p[1] == '\n'))) {
                p += *p == '\r' ? 2 : 1;
                ++next_number_;
            }
            begin_ = p;
            if (p != end_) {
                break;
            }
        }
    }
    return true;
}

}  // namespace newsdex::detail
