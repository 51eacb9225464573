// SPDX-License-Identifier: MIT
#include "test_support.h"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <random>
#include <sstream>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace newsdex::test {

std::filesystem::path source_dir() {
    return std::filesystem::path(NEWSDEX_TEST_SOURCE_DIR);
}

TempDir::TempDir() {
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt) {
        path_ = std::filesystem::temp_directory_path() / ("newsdex-test-" + std::to_string(rd()));
        if (std::filesystem::create_directory(path_)) {
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary folder");
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

Background::Background(const std::vector<std::string>& argv, const std::filesystem::path& cwd) {
    pid_ = fork();
    if (pid_ < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid_ == 0) {
        // Its own process group (stop() ends the servers it forks too), and
        // none of our descriptors: a test runner waits for its pipes to close.
        setpgid(0, 0);
        const int null = open("/dev/null", O_RDWR);
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        for (int fd = 3; fd < 1024; ++fd) {
            close(fd);
        }
        if (chdir(cwd.c_str()) != 0) {
            _exit(127);
        }
        std::vector<char*> args;
        for (const std::string& a : argv) {
            args.push_back(const_cast<char*>(a.c_str()));
        }
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
}

Background::~Background() {
    stop();
}

void Background::stop() {
    if (pid_ <= 0) {
        return;
    }
    if (status_) {
        kill(-pid_, SIGKILL);  // whatever it forked
        pid_ = -1;
        return;
    }
    kill(-pid_, SIGTERM);
    for (int i = 0; i < 50; ++i) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            kill(-pid_, SIGKILL);  // whatever it forked
            pid_ = -1;
            return;
        }
        usleep(20000);
    }
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

namespace {

int decode_status(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

}  // namespace

bool Background::kill_now() {
    const bool already = exited().has_value();
    if (pid_ > 0) {
        kill(-pid_, SIGKILL);
        if (!status_) {
            int status = 0;
            waitpid(pid_, &status, 0);
            status_ = decode_status(status);
        }
        pid_ = -1;
    }
    return already;
}

std::optional<int> Background::exited() {
    if (!status_ && pid_ > 0) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            status_ = decode_status(status);
        }
    }
    return status_;
}

int Background::wait() {
    if (!status_ && pid_ > 0) {
        int status = 0;
        waitpid(pid_, &status, 0);
        status_ = decode_status(status);
    }
    return status_.value_or(-1);
}

int free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);
    return ntohs(addr.sin_port);
}

bool wait_for_port(int port, double seconds) {
    for (int i = 0; i < static_cast<int>(seconds * 50); ++i) {
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        const bool up = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        close(fd);
        if (up) {
            return true;
        }
        usleep(20000);
    }
    return false;
}

RemoteShard::RemoteShard(const std::filesystem::path& shard, const std::filesystem::path& cwd)
    : port_(free_port()),
      server_(
          {"/usr/bin/xapian-tcpsrv",
           "--interface",
           "127.0.0.1",
           "--port",
           std::to_string(port_),
           shard.string()},
          cwd
      ),
      ready_(wait_for_port(port_, 10)) {}

std::string RemoteShard::url() const {
    return "tcp://127.0.0.1:" + std::to_string(port_);
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> html_chrome_words() {
    std::istringstream in(read_file(source_dir() / "tests" / "fixtures" / "html-chrome-words.txt"));
    std::vector<std::string> out;
    for (std::string word; std::getline(in, word);) {
        if (!word.empty()) {
            out.push_back(word);
        }
    }
    return out;
}

void write_file(const std::filesystem::path& path, const std::string& content) {
    if (path.has_parent_path()) {
        std::filesystem::create_directories(path.parent_path());
    }
    std::ofstream(path, std::ios::binary) << content;
}

RunResult
run(const std::vector<std::string>& argv,
    const std::filesystem::path& cwd,
    const std::map<std::string, std::string>& env,
    const std::string* input) {
    int out_pipe[2];
    int err_pipe[2];
    int in_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0 || pipe(in_pipe) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const pid_t pid = fork();
    if (pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid == 0) {
        dup2(in_pipe[0], STDIN_FILENO);
        dup2(out_pipe[1], STDOUT_FILENO);
        dup2(err_pipe[1], STDERR_FILENO);
        for (int fd = 3; fd < 1024; ++fd) {
            close(fd);
        }
        if (chdir(cwd.c_str()) != 0) {
            _exit(127);
        }
        for (const auto& [key, value] : env) {
            setenv(key.c_str(), value.c_str(), 1);
        }
        std::vector<char*> args;
        for (const std::string& a : argv) {
            args.push_back(const_cast<char*>(a.c_str()));
        }
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    close(in_pipe[0]);
    if (input != nullptr) {
        std::size_t written = 0;
        while (written < input->size()) {
            const ssize_t n = write(in_pipe[1], input->data() + written, input->size() - written);
            if (n <= 0) {
                break;
            }
            written += static_cast<std::size_t>(n);
        }
    }
    close(in_pipe[1]);
    RunResult result;
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    int open_fds = 2;
    char buf[65536];
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
                continue;
            }
            const ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_fds;
                continue;
            }
            (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
        }
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.max_rss_kib = static_cast<std::size_t>(usage.ru_maxrss);
    result.cpu_seconds =
        static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    return result;
}

std::vector<std::filesystem::path> shard_dirs(const std::filesystem::path& db) {
    std::vector<std::filesystem::path> out;
    std::ifstream stub(db / "XAPIANDB");
    if (!stub) {
        out.push_back(db);
        return out;
    }
    std::string line;
    while (std::getline(stub, line)) {
        std::istringstream words(line);
        std::string kind;
        std::string where;
        if (words >> kind >> where && kind[0] != '#') {
            out.push_back(db / where);
        }
    }
    return out;
}

}  // namespace newsdex::test
