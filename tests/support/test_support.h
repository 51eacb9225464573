// SPDX-License-Identifier: MIT
// Helpers shared by the test programs.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace newsdex::test {

/// The source tree (for corpus/, tests/fixtures/, docs/).
std::filesystem::path source_dir();

/// A fresh temporary folder, removed when the object goes.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

/// What a program printed and how it ended.
struct RunResult {
    int exit_code = -1;
    std::string out;
    std::string err;
    std::size_t max_rss_kib = 0;  ///< its peak resident memory
    double cpu_seconds = 0;       ///< its user + system time
};

/// Runs a program with arguments in `cwd`, with `env` added to the
/// environment, standard input from /dev/null (or `input` if given).
RunResult
run(const std::vector<std::string>& argv,
    const std::filesystem::path& cwd,
    const std::map<std::string, std::string>& env = {},
    const std::string* input = nullptr);

/// A program running in the background, stopped (SIGTERM, then SIGKILL)
/// when the object goes.
class Background {
  public:
    Background(const std::vector<std::string>& argv, const std::filesystem::path& cwd);
    ~Background();
    Background(const Background&) = delete;
    Background& operator=(const Background&) = delete;

    /// Stops it now.
    void stop();

    /// Kills its process group with SIGKILL and reaps it.
    /// @returns true if it had already exited by itself.
    bool kill_now();

    /// Its exit status if it has ended (-signal if a signal ended it),
    /// without waiting.
    std::optional<int> exited();

    /// Waits for it to end; returns as exited() does.
    int wait();

    int pid() const { return pid_; }

  private:
    int pid_ = -1;
    std::optional<int> status_;
};

/// A TCP port on 127.0.0.1 that nothing listens on right now.
int free_port();

/// Waits until something accepts connections on 127.0.0.1:port.
/// @returns false after `seconds` without.
bool wait_for_port(int port, double seconds);

/// One shard served by Xapian's own server (Debian's xapian-tools:
/// /usr/bin/xapian-tcpsrv) on a free port of 127.0.0.1, stopped when the
/// object goes. `ready()` says whether it took connections within 10 s.
class RemoteShard {
  public:
    RemoteShard(const std::filesystem::path& shard, const std::filesystem::path& cwd);

    bool ready() const { return ready_; }

    int port() const { return port_; }

    /// What newsdex-search's --db takes: tcp://127.0.0.1:PORT.
    std::string url() const;

    /// Stops the server (a shard that stops answering).
    void stop() { server_.stop(); }

  private:
    int port_;
    Background server_;
    bool ready_;
};

/// Reads a whole file.
std::string read_file(const std::filesystem::path& path);

/// The words that stand only in the chrome (menus, banners, footers...) of
/// the news pages of tests/fixtures/html/: tests/fixtures/html-chrome-words.txt.
std::vector<std::string> html_chrome_words();

/// Writes a whole file (creating folders).
void write_file(const std::filesystem::path& path, const std::string& content);

/// The shard folders of an index (the folders its stub names, or itself).
std::vector<std::filesystem::path> shard_dirs(const std::filesystem::path& db);

}  // namespace newsdex::test
