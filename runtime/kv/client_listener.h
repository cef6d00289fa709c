// The client side of the server's event loop: accepts connections on the client
// port, decodes framed requests, and writes framed replies.
//
// Failure policy: whatever one client does, only its connection suffers. A frame
// over the limit, an empty frame, a body that is not a request, a client that
// disconnects in the middle of a frame, or one that stops reading its replies
// (its unsent output passes a bound) closes that connection with a log line; the
// server keeps serving everyone else.
//
// Flow control: a connection with `max_outstanding` requests unanswered stops
// being read until replies go out, so one client cannot queue unbounded work.
//
// Replies are gathered per connection and written with one async_write at a time,
// so a batch of commits costs one system call per client, not one per reply.
//
// Threading: loop thread only.
#pragma once

#include "runtime/kv/service.h"
#include "runtime/kv/wire.h"
#include "runtime/shim/event_loop.h"
#include "runtime/shim/net_config.h"

#include <asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

namespace ivy::kv {

struct ClientOptions {
    std::size_t max_frame = kDefaultMaxFrame;
    std::size_t max_outstanding = 1024;                        // per connection
    std::size_t max_unsent_bytes = std::size_t{64} << 20;      // per connection
    std::size_t max_connections = 16384;
};

struct ClientStats {
    std::uint64_t accepted = 0;
    std::uint64_t closed_cleanly = 0;
    std::uint64_t rejected = 0; // closed for misbehaving
    std::uint64_t requests = 0;
    std::uint64_t replies = 0;
};

class ClientListener {
public:
    using OnRequest = std::function<void(ConnId, Request)>;

    ClientListener(runtime::Loop& loop, ClientOptions options, OnRequest on_request);
    ~ClientListener();
    ClientListener(const ClientListener&) = delete;
    ClientListener& operator=(const ClientListener&) = delete;

    // Listens on all IPv4 interfaces at `port` (0: any free port).
    runtime::Status listen(unsigned short port, const std::string& address = "0.0.0.0");
    unsigned short port() const;

    // Queues a reply; a connection that has gone away is ignored.
    void send(ConnId conn, std::string_view body);

    void shutdown();

    std::size_t connections() const;
    const ClientStats& stats() const;

private:
    struct Core;
    std::shared_ptr<Core> core_;
};

} // namespace ivy::kv
