// SPDX-License-Identifier: MIT
// newsdex-serve's HTTP side (cpp-httplib): routes, the bounded queue, the
// access log, the token, the headers.
#pragma once

#include "api.h"
#include "serve_options.h"

#include <memory>

namespace newsdex::serve {

class Server {
  public:
    Server(const Api& api, const ServeOptions& options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    Server(Server&&) = delete;
    Server& operator=(Server&&) = delete;

    /// Binds the listening socket; returns the port (the one picked for port 0).
    /// @throws std::runtime_error when the address cannot be bound.
    int bind();

    /// Serves until stop(); requests in flight finish first.
    void run();

    /// Stops accepting; run() returns once the requests in flight are answered.
    /// Callable from another thread.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace newsdex::serve
