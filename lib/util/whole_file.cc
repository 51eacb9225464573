// SPDX-License-Identifier: MIT
#include "util/whole_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace newsdex::detail {

std::string write_whole_file(
    const std::filesystem::path& path, std::string_view bytes, const std::string& temp_suffix
) {
    namespace fs = std::filesystem;
    const fs::path tmp = path.string() + temp_suffix;
    const auto failed = [&](const std::string& why) {
        std::error_code ec;
        fs::remove(tmp, ec);
        return why;
    };
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        return failed(std::strerror(errno));
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            const int e = n < 0 ? errno : ENOSPC;
            ::close(fd);
            return failed(std::strerror(e));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        const int e = errno;
        ::close(fd);
        return failed(std::strerror(e));
    }
    if (::close(fd) != 0) {
        return failed(std::strerror(errno));
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        return failed(ec.message());
    }
    const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

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

}  // namespace newsdex::detail
