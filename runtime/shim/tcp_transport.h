// Node-to-node messaging over TCP, on the event loop.
//
// Wire format. Every connection carries frames, `u32 little-endian length` then
// that many payload bytes, in one direction: from the node that opened it (which
// uses it for its sends) to the node that accepted it (which only receives on it).
// The first frame is a hello, the encoding (serialization.h) of
//     string "ivy-tcp/1", u64 protocol version, string cluster id, i64 sender id
// which the receiver checks before accepting anything else; it names the sender
// of every later frame (Ivy's rev() could not, flaw F7).
//
// Failure policy. Whatever a peer does, only its connection suffers: a bad hello,
// a frame over the limit, a message the receive callback finds malformed
// (DecodeError), silence before the hello, or a peer that dies (also mid-frame)
// closes that one connection with a log line; nothing crashes, spins or leaks.
//
// Sends never block. Each peer has a queue bounded in bytes and messages; a send
// over either bound is dropped and counted (the network model allows loss; the
// artifact dropped silently, flaw F3). One write is in flight per peer, gathering
// the queued frames (small ones are copied together into 64 KiB chunks, large
// ones are moved in without a copy; up to 32 chunks per write). A peer that stops
// reading therefore fills its queue and later sends to it are dropped, counted.
// Messages sent while the connection is down or being (re)established wait in the
// queue and go out once it is up. The connection is (re)opened on demand, when
// there is something to send, with exponential backoff (20 ms doubling to 1 s,
// with jitter) between failed attempts. Messages whose write was in progress
// when a connection failed are counted as dropped_in_flight: some of them may
// have arrived, TCP cannot tell.
// (Messages already handed to the kernel before a peer's death went unnoticed are
// lost uncounted; only an application-level ack could count those.)
//
// Messages a node sends to itself are delivered through the loop, not a socket.
//
// Threading: every member must be called on the loop thread (or before the loop
// runs). Destroy the transport before the Loop, and never from inside its own
// receive callback.
#pragma once

#include "runtime/shim/event_loop.h"
#include "runtime/shim/log.h"
#include "runtime/shim/net_config.h"
#include "runtime/shim/serialization.h"

#ifndef ASIO_STANDALONE
#define ASIO_STANDALONE
#endif
#include <algorithm>
#include <array>
#include <asio/buffer.hpp>
#include <asio/connect.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ivy::runtime {

struct TcpOptions {
    std::string cluster_id = "ivy";     // both ends must agree (hello check)
    std::uint64_t protocol_version = 1; // e.g. a hash of the spec; both ends must agree
    std::size_t max_frame_bytes = std::size_t{64} << 20;  // largest message, either way
    std::size_t max_queue_bytes = std::size_t{128} << 20; // per peer; keep >= max_frame_bytes
    std::size_t max_queue_messages = 65536;               // per peer
    Duration backoff_initial = std::chrono::milliseconds(20);
    Duration backoff_max = std::chrono::seconds(1);
    Duration connect_timeout = std::chrono::seconds(2);
    Duration hello_timeout = std::chrono::seconds(5); // a connection that says nothing
    std::size_t max_inbound_connections = 1024;
};

// Counters, for tests and the server's metrics.
struct TcpStats {
    std::uint64_t messages_sent = 0;     // completely written to a socket
    std::uint64_t messages_received = 0; // handed to the receive callback
    std::uint64_t dropped_queue_full = 0;
    std::uint64_t dropped_too_large = 0;
    std::uint64_t dropped_unknown_peer = 0;
    std::uint64_t dropped_in_flight = 0;       // being written when the connection failed
    std::uint64_t dropped_discarded = 0;       // still queued at disconnect() or shutdown
    std::uint64_t malformed_messages = 0;      // the callback threw DecodeError
    std::uint64_t connect_attempts = 0;        // outbound
    std::uint64_t connections_established = 0; // outbound
    std::uint64_t connections_lost = 0;        // outbound, after being established
    std::uint64_t connections_accepted = 0;    // inbound, valid hello
    std::uint64_t connections_rejected = 0;    // inbound, closed for misbehaving

    std::uint64_t dropped() const {
        return dropped_queue_full + dropped_too_large + dropped_unknown_peer + dropped_in_flight +
               dropped_discarded;
    }
};

// The 4-byte little-endian length that precedes every payload.
inline std::array<char, 4> tcp_frame_header(std::uint32_t length) {
    return {static_cast<char>(length & 0xff), static_cast<char>((length >> 8) & 0xff),
            static_cast<char>((length >> 16) & 0xff), static_cast<char>((length >> 24) & 0xff)};
}

// A whole frame: header and payload.
inline std::string tcp_frame(std::string_view payload) {
    auto header = tcp_frame_header(static_cast<std::uint32_t>(payload.size()));
    std::string frame(header.data(), header.size());
    frame.append(payload);
    return frame;
}

inline constexpr std::string_view kTcpHelloMagic = "ivy-tcp/1";

// The hello payload a node sends first on each connection it opens.
inline std::string tcp_hello_payload(std::string_view cluster_id, std::uint64_t version,
                                     int node_id) {
    Writer w;
    w.put_string(kTcpHelloMagic);
    w.put_u64(version);
    w.put_string(cluster_id);
    w.put_i64(node_id);
    return w.take();
}

namespace detail {

inline std::uint32_t read_le32(const char* p) {
    auto b = [p](int i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])); };
    return b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24);
}

struct TcpHello {
    std::uint64_t version = 0;
    std::string cluster;
    std::int64_t node = -1;
};

inline TcpHello decode_tcp_hello(std::string_view payload) {
    Reader r(payload);
    if (r.get_string() != kTcpHelloMagic) r.fail("not an ivy-tcp hello");
    TcpHello h;
    h.version = r.get_u64();
    h.cluster = r.get_string();
    h.node = r.get_i64();
    r.expect_end();
    return h;
}

// Queued frames. Small payloads are copied together into `head` so that one write
// carries many of them; a large payload is moved into `body` (no copy) after its
// header, which closes the chunk.
struct TcpChunk {
    std::string head;
    std::string body;
    bool sealed = false;
    std::size_t messages = 0;

    std::size_t bytes() const { return head.size() + body.size(); }
};

// One outbound connection (or attempt). Never reused: every attempt gets a new one
// and pending handlers hold it. A composed write left over from a failed connection
// (its next step already queued) then continues on its own closed socket, where
// Asio fails it at once without reading its buffers; on a reused socket object it
// would write freed queue memory to the next connection.
struct TcpLink {
    explicit TcpLink(asio::io_context& io) : socket(io) {}

    asio::ip::tcp::socket socket;
    std::array<char, 256> rx{}; // the receiver never writes; reading only detects closure
};

// Our outbound connection to one peer, and its send queue.
struct TcpPeer {
    enum class State { Idle, Connecting, Connected, Waiting };

    TcpPeer(asio::io_context& io, int id) : id(id), connect_timer(io), backoff_timer(io) {}

    int id;
    State state = State::Idle;
    std::shared_ptr<TcpLink> link; // null unless Connecting or Connected
    asio::steady_timer connect_timer;
    asio::steady_timer backoff_timer;
    std::deque<TcpChunk> queue; // deque: pushing at the back keeps in-flight chunks in place
    std::size_t queued_bytes = 0;
    std::size_t queued_messages = 0;
    std::size_t chunks_in_flight = 0; // at the front of `queue`
    bool writing = false;
    bool hello_pending = false;
    unsigned failures = 0; // consecutive, for the backoff
    Clock::time_point connected_at;
    std::uint64_t generation = 0; // bumped on every state change; stale handlers compare it
};

// A connection some node opened to us. Until its hello is accepted the buffer only
// holds a hello, so strangers cost little memory; then it grows to kBufferBytes
// (large reads: fewer system calls per message).
struct TcpInbound {
    static constexpr std::size_t kBufferBytes = 256 * 1024;

    TcpInbound(asio::ip::tcp::socket s, asio::io_context& io, std::size_t hello_buffer_bytes)
        : socket(std::move(s)), hello_timer(io), buffer(hello_buffer_bytes) {}

    asio::ip::tcp::socket socket;
    asio::steady_timer hello_timer;
    std::vector<char> buffer; // frames that fit are parsed in place
    std::size_t begin = 0, end = 0;
    std::string big; // a frame larger than the buffer, read straight into place
    std::string remote;
    int peer = -1;
    bool hello_done = false;
    bool closed = false;
};

class TcpCore : public std::enable_shared_from_this<TcpCore> {
public:
    static constexpr std::size_t kChunkTarget = 64 * 1024; // copy small frames up to this
    static constexpr std::size_t kSmallMessage = 2 * 1024; // larger payloads are moved
    static constexpr std::size_t kMaxChunksPerWrite = 32;  // 64 buffers: one sendmsg

    TcpCore(Loop& loop, std::shared_ptr<TcpConfig> config, int self, TcpOptions options)
        : loop_(loop), io_(loop.context()), config_(std::move(config)), self_(self),
          options_(std::move(options)), acceptor_(io_), accept_retry_(io_) {
        options_.max_frame_bytes =
            std::clamp<std::size_t>(options_.max_frame_bytes, 1, std::uint32_t(-1) - 4);
        hello_frame_ =
            tcp_frame(tcp_hello_payload(options_.cluster_id, options_.protocol_version, self_));
        hello_limit_ = 4096 + options_.cluster_id.size();
    }

    // ---- listening ------------------------------------------------------------

    Status listen() {
        Endpoint ep = endpoint_of(*config_, self_);
        if (ep.port == 0)
            return {"node " + std::to_string(self_) + " has no address in the config"};
        return listen_on(ep);
    }

    Status listen_on(Endpoint ep) {
        asio::ip::tcp::endpoint where(ep.address(), ep.port_number());
        if (acceptor_.is_open()) return {prefix() + "already listening"};
        asio::error_code ec;
        acceptor_.open(where.protocol(), ec);
        if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec) acceptor_.bind(where, ec);
        if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            asio::error_code ignored;
            acceptor_.close(ignored);
            return {"tcp node " + std::to_string(self_) + ": listen on " + describe(where) + ": " +
                    ec.message()};
        }
        log_info(prefix(), "listening on ", describe(acceptor_.local_endpoint(ec)));
        accept_next();
        return {};
    }

    unsigned short local_port() const {
        asio::error_code ec;
        auto ep = acceptor_.local_endpoint(ec);
        return ec ? 0 : ep.port();
    }

    // ---- sending --------------------------------------------------------------

    SendStatus send(int to, std::string&& payload) {
        assert(loop_.may_touch_state());
        if (stopped_) return SendStatus::Stopped;
        if (payload.size() > options_.max_frame_bytes) {
            ++stats_.dropped_too_large;
            log_warn(prefix(), "refusing a message of ", payload.size(), " bytes to node ", to,
                     " (limit ", options_.max_frame_bytes, ")");
            return SendStatus::TooLarge;
        }
        if (to == self_) return send_to_self(std::move(payload));
        // Checked before a peer entry exists, so bogus ids cost no memory.
        if (!is_connected(to) && endpoint_of(*config_, to).port == 0) {
            ++stats_.dropped_unknown_peer;
            return SendStatus::UnknownPeer;
        }
        TcpPeer& p = peer(to);
        if (over_limits(p.queued_messages, p.queued_bytes, payload.size())) {
            ++stats_.dropped_queue_full;
            log_debug(prefix(), "queue to node ", to, " full, message dropped");
            return SendStatus::QueueFull;
        }
        enqueue(p, std::move(payload));
        if (p.state == TcpPeer::State::Idle)
            start_connect(p);
        else
            write_next(p);
        return SendStatus::Queued;
    }

    // Closes our connection to `to` and discards its queue; the next send reconnects.
    void disconnect(int to) {
        auto it = peers_.find(to);
        if (it == peers_.end()) return;
        TcpPeer& p = *it->second;
        stats_.dropped_discarded += p.queued_messages;
        reset_peer(p);
        p.failures = 0;
    }

    // ---- lifecycle and introspection -------------------------------------------

    void on_message(MessageHandler handler) { handler_ = std::move(handler); }
    void clear_handler() { handler_ = nullptr; }

    // Closes every socket and cancels every timer; later sends return Stopped.
    void shutdown() {
        if (stopped_) return;
        stopped_ = true;
        asio::error_code ec;
        acceptor_.close(ec);
        accept_retry_.cancel();
        auto inbound = inbound_;
        for (const auto& c : inbound)
            close_inbound(*c);
        for (auto& [id, p] : peers_) {
            stats_.dropped_discarded += p->queued_messages;
            reset_peer(*p);
        }
        log_info(prefix(), "shut down");
    }

    const TcpStats& stats() const { return stats_; }

    bool is_connected(int to) const {
        auto it = peers_.find(to);
        return it != peers_.end() && it->second->state == TcpPeer::State::Connected;
    }
    std::size_t queued_messages(int to) const {
        auto it = peers_.find(to);
        return it == peers_.end() ? 0 : it->second->queued_messages;
    }
    std::size_t queued_bytes(int to) const {
        auto it = peers_.find(to);
        return it == peers_.end() ? 0 : it->second->queued_bytes;
    }
    std::size_t inbound_connections() const { return inbound_.size(); }
    int self() const { return self_; }

private:
    using Inbound = std::shared_ptr<TcpInbound>;

    std::string prefix() const { return "tcp node " + std::to_string(self_) + ": "; }

    static std::string describe(const asio::ip::tcp::endpoint& ep) {
        return ep.address().to_string() + ":" + std::to_string(ep.port());
    }

    bool over_limits(std::size_t messages, std::size_t bytes, std::size_t payload) const {
        return messages >= options_.max_queue_messages ||
               bytes + 4 + payload > options_.max_queue_bytes;
    }

    // ---- outbound ---------------------------------------------------------------

    TcpPeer& peer(int id) {
        auto& slot = peers_[id];
        if (!slot) slot = std::make_shared<TcpPeer>(io_, id);
        return *slot;
    }

    std::shared_ptr<TcpPeer> peer_ptr(const TcpPeer& p) { return peers_.at(p.id); }

    // The last chunk, if more frames may still be appended to it: not being
    // written, not sealed by a large payload, not yet at the target size.
    static TcpChunk* open_chunk(TcpPeer& p) {
        if (p.queue.size() <= p.chunks_in_flight) return nullptr;
        TcpChunk& last = p.queue.back();
        return !last.sealed && last.head.size() < kChunkTarget ? &last : nullptr;
    }

    static void enqueue(TcpPeer& p, std::string&& payload) {
        auto header = tcp_frame_header(static_cast<std::uint32_t>(payload.size()));
        TcpChunk* chunk = open_chunk(p);
        bool small = payload.size() <= kSmallMessage;
        if (!chunk || (small && chunk->head.size() + 4 + payload.size() > kChunkTarget)) {
            p.queue.emplace_back();
            chunk = &p.queue.back();
        }
        chunk->head.append(header.data(), header.size());
        if (small) {
            chunk->head.append(payload);
        } else {
            chunk->body = std::move(payload);
            chunk->sealed = true;
        }
        ++chunk->messages;
        p.queued_bytes += 4 + (small ? payload.size() : chunk->body.size());
        ++p.queued_messages;
    }

    void start_connect(TcpPeer& p) {
        Endpoint ep = endpoint_of(*config_, p.id);
        if (ep.port == 0) {
            stats_.dropped_unknown_peer += p.queued_messages;
            log_warn(prefix(), "node ", p.id, " has no address; dropping its queue");
            reset_peer(p);
            return;
        }
        close_link(p);
        p.link = std::make_shared<TcpLink>(io_);
        p.state = TcpPeer::State::Connecting;
        auto gen = ++p.generation;
        ++stats_.connect_attempts;
        auto self = shared_from_this();
        auto pp = peer_ptr(p);
        p.link->socket.async_connect({ep.address(), ep.port_number()},
                                     [self, pp, link = p.link, gen](const asio::error_code& ec) {
                                         self->connected(*pp, gen, ec);
                                     });
        p.connect_timer.expires_after(options_.connect_timeout);
        p.connect_timer.async_wait([self, pp, gen](const asio::error_code& ec) {
            if (ec || self->stale(*pp, gen) || pp->state != TcpPeer::State::Connecting) return;
            self->fail(*pp, "connect timed out");
        });
    }

    bool stale(const TcpPeer& p, std::uint64_t gen) const {
        return stopped_ || gen != p.generation;
    }

    void connected(TcpPeer& p, std::uint64_t gen, const asio::error_code& ec) {
        if (stale(p, gen)) return;
        p.connect_timer.cancel();
        if (ec) {
            fail(p, "connect: " + ec.message());
            return;
        }
        asio::error_code ignored;
        p.link->socket.set_option(asio::ip::tcp::no_delay(true), ignored);
        p.link->socket.set_option(asio::socket_base::keep_alive(true), ignored);
        p.state = TcpPeer::State::Connected;
        p.connected_at = Clock::now();
        p.hello_pending = true;
        ++stats_.connections_established;
        log_info(prefix(), "connected to node ", p.id);
        watch_for_close(p, gen);
        write_next(p);
    }

    // The receiver never writes to us, so a completed read means the connection
    // is gone (EOF, reset) or the other end is not one of us.
    void watch_for_close(TcpPeer& p, std::uint64_t gen) {
        auto self = shared_from_this();
        auto pp = peer_ptr(p);
        auto& link = *p.link;
        link.socket.async_read_some(
            asio::buffer(link.rx),
            [self, pp, link = p.link, gen](const asio::error_code& ec, std::size_t) {
                if (self->stale(*pp, gen)) return;
                self->fail(*pp, ec ? "connection closed: " + ec.message()
                                   : "unexpected data from the receiver");
            });
    }

    // One write in flight at a time, gathering up to kMaxChunksPerWrite chunks.
    void write_next(TcpPeer& p) {
        if (p.writing || p.state != TcpPeer::State::Connected) return;
        if (p.queue.empty() && !p.hello_pending) return;
        std::vector<asio::const_buffer> buffers;
        bool with_hello = p.hello_pending;
        if (with_hello) buffers.push_back(asio::buffer(hello_frame_));
        std::size_t n = std::min(p.queue.size(), kMaxChunksPerWrite);
        for (std::size_t i = 0; i < n; ++i) {
            buffers.push_back(asio::buffer(p.queue[i].head));
            if (!p.queue[i].body.empty()) buffers.push_back(asio::buffer(p.queue[i].body));
        }
        p.chunks_in_flight = n;
        p.writing = true;
        auto self = shared_from_this();
        auto pp = peer_ptr(p);
        auto gen = p.generation;
        asio::async_write(
            p.link->socket, buffers,
            [self, pp, link = p.link, gen, with_hello](const asio::error_code& ec, std::size_t) {
                self->written(*pp, gen, with_hello, ec);
            });
    }

    void written(TcpPeer& p, std::uint64_t gen, bool with_hello, const asio::error_code& ec) {
        if (stale(p, gen)) return;
        p.writing = false;
        if (ec) {
            fail(p, "write: " + ec.message());
            return;
        }
        if (with_hello) p.hello_pending = false;
        stats_.messages_sent += pop_in_flight(p);
        write_next(p);
    }

    // Removes the chunks of the last write from the queue; returns their messages.
    static std::size_t pop_in_flight(TcpPeer& p) {
        std::size_t messages = 0;
        for (; p.chunks_in_flight > 0; --p.chunks_in_flight) {
            messages += p.queue.front().messages;
            p.queued_bytes -= p.queue.front().bytes();
            p.queue.pop_front();
        }
        p.queued_messages -= messages;
        return messages;
    }

    // The connection (or attempt) failed: count what was in flight as lost, and
    // reconnect after a backoff if messages are waiting.
    void fail(TcpPeer& p, const std::string& reason) {
        bool was_connected = p.state == TcpPeer::State::Connected;
        if (was_connected) {
            ++stats_.connections_lost;
            log_info(prefix(), "lost connection to node ", p.id, ": ", reason);
            // A connection that stayed up a while resets the backoff; one that dies at
            // once (e.g. the peer rejects our hello) keeps it growing.
            if (Clock::now() - p.connected_at >= options_.backoff_max) p.failures = 0;
        } else {
            log_info(prefix(), "cannot reach node ", p.id, ": ", reason);
        }
        close_link(p);
        ++p.generation;
        stats_.dropped_in_flight += pop_in_flight(p);
        p.writing = false;
        p.hello_pending = false;
        if (p.queue.empty()) {
            p.state = TcpPeer::State::Idle;
            return;
        }
        schedule_reconnect(p);
    }

    void schedule_reconnect(TcpPeer& p) {
        p.state = TcpPeer::State::Waiting;
        auto delay = backoff_delay(p.failures);
        if (p.failures < 30) ++p.failures;
        auto self = shared_from_this();
        auto pp = peer_ptr(p);
        auto gen = p.generation;
        p.backoff_timer.expires_after(delay);
        p.backoff_timer.async_wait([self, pp, gen](const asio::error_code& ec) {
            if (ec || self->stale(*pp, gen)) return;
            self->start_connect(*pp);
        });
    }

    // initial * 2^failures, capped at the maximum, then jittered into [d/2, d] so
    // that nodes restarted together do not retry in lockstep.
    Duration backoff_delay(unsigned failures) {
        Duration d = options_.backoff_initial;
        for (unsigned i = 0; i < failures && d < options_.backoff_max; ++i)
            d *= 2;
        d = std::min(d, options_.backoff_max);
        return d / 2 + loop_.random_duration(d / 2 + Duration(1));
    }

    static void close_link(TcpPeer& p) {
        if (p.link) {
            asio::error_code ignored;
            p.link->socket.close(ignored);
            p.link.reset();
        }
        p.connect_timer.cancel();
    }

    // Back to Idle with an empty queue, all pending handlers made stale.
    void reset_peer(TcpPeer& p) {
        close_link(p);
        p.backoff_timer.cancel();
        ++p.generation;
        p.queue.clear();
        p.queued_bytes = p.queued_messages = p.chunks_in_flight = 0;
        p.writing = p.hello_pending = false;
        p.state = TcpPeer::State::Idle;
    }

    // ---- messages to ourselves ----------------------------------------------------

    SendStatus send_to_self(std::string&& payload) {
        if (over_limits(self_messages_, self_bytes_, payload.size())) {
            ++stats_.dropped_queue_full;
            return SendStatus::QueueFull;
        }
        ++self_messages_;
        self_bytes_ += 4 + payload.size();
        loop_.post([self = shared_from_this(), payload = std::move(payload)] {
            --self->self_messages_;
            self->self_bytes_ -= 4 + payload.size();
            if (self->stopped_) return;
            ++self->stats_.messages_sent;
            self->deliver(self->self_, payload);
        });
        return SendStatus::Queued;
    }

    // Runs the receive callback; false if it found the message malformed.
    bool deliver(int from, std::string_view payload) {
        ++stats_.messages_received;
        if (!handler_) return true;
        try {
            handler_(from, payload);
        } catch (const DecodeError& e) {
            ++stats_.malformed_messages;
            log_warn(prefix(), "malformed message from node ", from, ": ", e.what());
            return false;
        }
        return true;
    }

    // ---- inbound ------------------------------------------------------------------

    void accept_next() {
        auto self = shared_from_this();
        acceptor_.async_accept([self](const asio::error_code& ec, asio::ip::tcp::socket s) {
            self->accepted(ec, std::move(s));
        });
    }

    void accepted(const asio::error_code& ec, asio::ip::tcp::socket socket) {
        if (stopped_ || ec == asio::error::operation_aborted) return;
        if (ec) {
            // E.g. out of file descriptors: retrying at once would spin.
            log_warn(prefix(), "accept: ", ec.message(), "; retrying in 100 ms");
            auto self = shared_from_this();
            accept_retry_.expires_after(std::chrono::milliseconds(100));
            accept_retry_.async_wait([self](const asio::error_code& e) {
                if (!e && !self->stopped_) self->accept_next();
            });
            return;
        }
        if (inbound_.size() >= options_.max_inbound_connections) {
            ++stats_.connections_rejected;
            log_warn(prefix(), "too many inbound connections (", inbound_.size(),
                     "); refusing one");
            asio::error_code ignored;
            socket.close(ignored);
        } else {
            start_inbound(std::make_shared<TcpInbound>(std::move(socket), io_, 4 + hello_limit_));
        }
        accept_next();
    }

    void start_inbound(const Inbound& c) {
        asio::error_code ec;
        auto remote = c->socket.remote_endpoint(ec);
        c->remote = ec ? "unknown" : describe(remote);
        c->socket.set_option(asio::ip::tcp::no_delay(true), ec);
        c->socket.set_option(asio::socket_base::keep_alive(true), ec);
        inbound_.insert(c);
        auto self = shared_from_this();
        c->hello_timer.expires_after(options_.hello_timeout);
        c->hello_timer.async_wait([self, c](const asio::error_code& e) {
            if (e || self->stopped_ || c->closed || c->hello_done) return;
            self->reject(*c, "no hello within the hello timeout");
        });
        read_more(c);
    }

    // Moves the unparsed tail to the front of the buffer, then reads after it.
    void read_more(const Inbound& c) {
        if (c->begin > 0) {
            std::memmove(c->buffer.data(), c->buffer.data() + c->begin, c->end - c->begin);
            c->end -= c->begin;
            c->begin = 0;
        }
        auto self = shared_from_this();
        c->socket.async_read_some(
            asio::buffer(c->buffer.data() + c->end, c->buffer.size() - c->end),
            [self, c](const asio::error_code& ec, std::size_t n) { self->got_bytes(c, ec, n); });
    }

    void got_bytes(const Inbound& c, const asio::error_code& ec, std::size_t n) {
        if (stopped_ || c->closed) return;
        if (ec) {
            connection_ended(*c, ec, c->end > c->begin);
            return;
        }
        c->end += n;
        if (parse_frames(c)) read_more(c);
    }

    // The peer closed or reset the connection. Ending mid-frame is a misbehaving (or
    // crashed) peer and is logged as a warning; a clean close between frames is
    // ordinary.
    void connection_ended(TcpInbound& c, const asio::error_code& ec, bool mid_frame) {
        if (mid_frame) {
            ++stats_.connections_rejected;
            log_warn(prefix(), "connection from ", who(c), " ended in the middle of a frame (",
                     ec.message(), ")");
        } else {
            log_info(prefix(), "connection from ", who(c), " closed (", ec.message(), ")");
        }
        close_inbound(c);
    }

    // Delivers every complete frame in the buffer. Returns true to keep reading
    // into the buffer, false when the connection was closed or a large frame is
    // being read directly.
    bool parse_frames(const Inbound& c) {
        for (;;) {
            std::size_t avail = c->end - c->begin;
            if (avail < 4) return true;
            std::size_t len = detail::read_le32(c->buffer.data() + c->begin);
            std::size_t limit = c->hello_done ? options_.max_frame_bytes : hello_limit_;
            if (len > limit) {
                reject(*c, "frame of " + std::to_string(len) + " bytes exceeds the limit of " +
                               std::to_string(limit));
                return false;
            }
            if (avail < 4 + len) {
                if (4 + len <= c->buffer.size()) return true;
                read_large_frame(c, len);
                return false;
            }
            std::string_view payload(c->buffer.data() + c->begin + 4, len);
            c->begin += 4 + len;
            if (!accept_frame(*c, payload)) return false;
        }
    }

    // A frame bigger than the buffer: allocate it whole (its length is within the
    // limit), copy what is buffered, and read the rest straight into it.
    void read_large_frame(const Inbound& c, std::size_t len) {
        std::size_t have = c->end - c->begin - 4;
        c->big.resize(len);
        std::memcpy(c->big.data(), c->buffer.data() + c->begin + 4, have);
        c->begin = c->end = 0;
        auto self = shared_from_this();
        asio::async_read(c->socket, asio::buffer(c->big.data() + have, len - have),
                         [self, c](const asio::error_code& ec, std::size_t) {
                             if (self->stopped_ || c->closed) return;
                             if (ec) {
                                 self->connection_ended(*c, ec, true);
                                 return;
                             }
                             std::string frame = std::move(c->big);
                             c->big = {};
                             if (self->accept_frame(*c, frame)) self->read_more(c);
                         });
    }

    // The hello, or a message for the callback. False if the connection is gone.
    bool accept_frame(TcpInbound& c, std::string_view payload) {
        if (!c.hello_done) return check_hello(c, payload);
        if (!deliver(c.peer, payload)) {
            reject(c, "malformed message");
            return false;
        }
        return !stopped_ && !c.closed;
    }

    bool check_hello(TcpInbound& c, std::string_view payload) {
        detail::TcpHello hello;
        try {
            hello = detail::decode_tcp_hello(payload);
        } catch (const DecodeError& e) {
            reject(c, std::string("bad hello: ") + e.what());
            return false;
        }
        std::string why = hello_mismatch(hello);
        if (!why.empty()) {
            reject(c, why);
            return false;
        }
        c.hello_done = true;
        c.peer = static_cast<int>(hello.node);
        c.hello_timer.cancel();
        c.buffer.resize(TcpInbound::kBufferBytes); // keeps any bytes after the hello
        ++stats_.connections_accepted;
        log_info(prefix(), "accepted connection from node ", c.peer, " (", c.remote, ")");
        replace_older_connections(c);
        return true;
    }

    std::string hello_mismatch(const detail::TcpHello& h) const {
        if (h.version != options_.protocol_version)
            return "hello with protocol version " + std::to_string(h.version) + ", expected " +
                   std::to_string(options_.protocol_version);
        if (h.cluster != options_.cluster_id)
            return "hello from cluster '" + h.cluster + "', expected '" + options_.cluster_id + "'";
        if (h.node < 0 || h.node > INT_MAX)
            return "hello with invalid node id " + std::to_string(h.node);
        return {};
    }

    // A node opens one connection to us at a time, so an older one from the same
    // node is dead (it restarted, or the old connection is half-open): close it
    // rather than keep it until TCP keepalive notices.
    void replace_older_connections(const TcpInbound& fresh) {
        std::vector<Inbound> older;
        for (const auto& c : inbound_)
            if (c.get() != &fresh && c->hello_done && c->peer == fresh.peer) older.push_back(c);
        for (const auto& c : older) {
            log_info(prefix(), "closing an older connection from node ", c->peer);
            close_inbound(*c);
        }
    }

    std::string who(const TcpInbound& c) const {
        return c.hello_done ? "node " + std::to_string(c.peer) + " (" + c.remote + ")" : c.remote;
    }

    void reject(TcpInbound& c, const std::string& reason) {
        ++stats_.connections_rejected;
        log_warn(prefix(), "dropping connection from ", who(c), ": ", reason);
        close_inbound(c);
    }

    void close_inbound(TcpInbound& c) {
        if (c.closed) return;
        c.closed = true;
        asio::error_code ignored;
        c.socket.close(ignored);
        c.hello_timer.cancel();
        c.big = {}; // safe: a leftover read on the closed socket fails without touching it
        for (auto it = inbound_.begin(); it != inbound_.end(); ++it) {
            if (it->get() == &c) {
                inbound_.erase(it);
                break;
            }
        }
    }

    Loop& loop_;
    asio::io_context& io_;
    std::shared_ptr<TcpConfig> config_;
    int self_;
    TcpOptions options_;
    asio::ip::tcp::acceptor acceptor_;
    asio::steady_timer accept_retry_;
    std::string hello_frame_;
    std::size_t hello_limit_ = 0;
    MessageHandler handler_;
    std::map<int, std::shared_ptr<TcpPeer>> peers_;
    std::unordered_set<Inbound> inbound_;
    std::size_t self_messages_ = 0, self_bytes_ = 0;
    TcpStats stats_;
    bool stopped_ = false;
};

} // namespace detail

// One node's endpoint in the cluster: listens for its peers, keeps one outbound
// connection per peer it sends to. See the top of this file for the policies.
class TcpTransport {
public:
    TcpTransport(Loop& loop, std::shared_ptr<TcpConfig> config, int self, TcpOptions options = {})
        : core_(std::make_shared<detail::TcpCore>(loop, std::move(config), self,
                                                  std::move(options))) {}
    TcpTransport(const TcpTransport&) = delete;
    TcpTransport& operator=(const TcpTransport&) = delete;

    // Shuts down; handlers still queued in the loop find the core stopped and do
    // nothing (they keep it alive, not the receive callback, which is released here).
    ~TcpTransport() {
        core_->shutdown();
        core_->clear_handler();
    }

    // Listens at this node's address from the config (port 0 there means unknown).
    Status listen() { return core_->listen(); }
    // Listens at an explicit address; port 0 picks a free port (tests).
    Status listen_on(Endpoint where) { return core_->listen_on(where); }
    unsigned short local_port() const { return core_->local_port(); }

    // Receives every message, on the loop thread (see MessageHandler).
    void on_message(MessageHandler handler) { core_->on_message(std::move(handler)); }

    // Queues `payload` for node `to`; never blocks. Anything but Queued was dropped.
    SendStatus send(int to, std::string payload) { return core_->send(to, std::move(payload)); }

    void disconnect(int to) { core_->disconnect(to); }
    void shutdown() { core_->shutdown(); }

    const TcpStats& stats() const { return core_->stats(); }
    std::uint64_t dropped_messages() const { return core_->stats().dropped(); }
    bool is_connected(int to) const { return core_->is_connected(to); }
    std::size_t queued_messages(int to) const { return core_->queued_messages(to); }
    std::size_t queued_bytes(int to) const { return core_->queued_bytes(to); }
    std::size_t inbound_connections() const { return core_->inbound_connections(); }
    int self() const { return core_->self(); }

private:
    std::shared_ptr<detail::TcpCore> core_;
};

} // namespace ivy::runtime
