// Node-to-node messaging over UDP: one datagram per message, on the event loop.
//
// Same shape as TcpTransport (config, on_message, send -> SendStatus, stats), for
// protocols written against Ivy's `udp_simple`. Each datagram is a 16-byte header
//     "IVYU", u64 big-endian cluster tag, i32 big-endian sender id
// then the payload. The tag is a hash of the cluster id and protocol version, so
// datagrams from another cluster or version are dropped like any malformed one.
//
// A message must fit one IPv4 datagram: kUdpMaxPayload bytes (65507, the largest
// UDP payload, less the header). Larger sends are refused with TooLarge and
// counted; the artifact's shim exited the process instead (flaw F5). Sends use a
// non-blocking socket, so a full socket buffer drops the message (SendFailed),
// which UDP's loss model allows. Malformed datagrams, and messages the callback
// rejects with DecodeError, are dropped with a log line.
//
// Threading and lifetime rules are TcpTransport's: loop thread only; destroy it
// before the Loop and not from inside its callback.
#pragma once

#include "runtime/shim/event_loop.h"
#include "runtime/shim/log.h"
#include "runtime/shim/net_config.h"
#include "runtime/shim/serialization.h"

#ifndef ASIO_STANDALONE
#define ASIO_STANDALONE
#endif
#include <array>
#include <asio/buffer.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ivy::runtime {

inline constexpr std::size_t kUdpHeaderBytes = 16;
inline constexpr std::size_t kUdpMaxDatagram = 65507; // IPv4: 65535 - 20 (IP) - 8 (UDP)
inline constexpr std::size_t kUdpMaxPayload = kUdpMaxDatagram - kUdpHeaderBytes;

struct UdpOptions {
    std::string cluster_id = "ivy";
    std::uint64_t protocol_version = 1;
    int receive_buffer_bytes = 4 << 20; // SO_RCVBUF request: fewer drops in bursts
};

struct UdpStats {
    std::uint64_t messages_sent = 0;
    std::uint64_t messages_received = 0;
    std::uint64_t dropped_too_large = 0;
    std::uint64_t dropped_unknown_peer = 0;
    std::uint64_t send_failures = 0;       // the kernel refused the datagram (e.g. buffer full)
    std::uint64_t malformed_datagrams = 0; // bad header, wrong cluster
    std::uint64_t malformed_messages = 0;  // the callback threw DecodeError

    std::uint64_t dropped() const {
        return dropped_too_large + dropped_unknown_peer + send_failures;
    }
};

namespace detail {

inline std::uint64_t udp_cluster_tag(const std::string& cluster, std::uint64_t version) {
    std::string key = cluster;
    key.push_back('\0');
    key += std::to_string(version);
    return fnv1a(key);
}

inline std::array<char, kUdpHeaderBytes> udp_header(std::uint64_t tag, int sender) {
    std::array<char, kUdpHeaderBytes> h{'I', 'V', 'Y', 'U'};
    for (int i = 0; i < 8; ++i)
        h[4 + i] = static_cast<char>((tag >> (56 - 8 * i)) & 0xff);
    auto id = static_cast<std::uint32_t>(sender);
    for (int i = 0; i < 4; ++i)
        h[12 + i] = static_cast<char>((id >> (24 - 8 * i)) & 0xff);
    return h;
}

inline std::uint64_t read_be(const char* p, int n) {
    std::uint64_t v = 0;
    for (int i = 0; i < n; ++i)
        v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

class UdpCore : public std::enable_shared_from_this<UdpCore> {
public:
    UdpCore(Loop& loop, std::shared_ptr<UdpConfig> config, int self, UdpOptions options)
        : loop_(loop), config_(std::move(config)), self_(self), options_(std::move(options)),
          socket_(loop.context()), retry_(loop.context()), buffer_(65536),
          tag_(udp_cluster_tag(options_.cluster_id, options_.protocol_version)),
          header_(udp_header(tag_, self)) {}

    Status listen() {
        Endpoint ep = endpoint_of(*config_, self_);
        if (ep.port == 0)
            return {"node " + std::to_string(self_) + " has no address in the config"};
        return listen_on(ep);
    }

    Status listen_on(Endpoint ep) {
        asio::ip::udp::endpoint where(ep.address(), ep.port_number());
        asio::error_code ec;
        if (socket_.is_open()) socket_.close(ec);
        open(ec);
        if (!ec) socket_.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec) socket_.bind(where, ec);
        if (ec) {
            asio::error_code ignored;
            socket_.close(ignored);
            return {"udp node " + std::to_string(self_) + ": bind " + where.address().to_string() +
                    ":" + std::to_string(where.port()) + ": " + ec.message()};
        }
        asio::error_code ignored; // a smaller buffer than asked for is not an error
        socket_.set_option(asio::socket_base::receive_buffer_size(options_.receive_buffer_bytes),
                           ignored);
        receive_next();
        return {};
    }

    unsigned short local_port() const {
        asio::error_code ec;
        auto ep = socket_.local_endpoint(ec);
        return ec ? 0 : ep.port();
    }

    void on_message(MessageHandler handler) { handler_ = std::move(handler); }
    void clear_handler() { handler_ = nullptr; }

    SendStatus send(int to, std::string_view payload) {
        assert(loop_.may_touch_state());
        if (stopped_) return SendStatus::Stopped;
        if (payload.size() > kUdpMaxPayload) {
            ++stats_.dropped_too_large;
            log_warn(prefix(), "refusing a message of ", payload.size(), " bytes to node ", to,
                     " (datagram limit ", kUdpMaxPayload, ")");
            return SendStatus::TooLarge;
        }
        Endpoint ep = endpoint_of(*config_, to);
        if (ep.port == 0) {
            ++stats_.dropped_unknown_peer;
            return SendStatus::UnknownPeer;
        }
        return send_datagram({ep.address(), ep.port_number()}, payload);
    }

    void shutdown() {
        if (stopped_) return;
        stopped_ = true;
        asio::error_code ignored;
        socket_.close(ignored);
        retry_.cancel();
    }

    const UdpStats& stats() const { return stats_; }

private:
    std::string prefix() const { return "udp node " + std::to_string(self_) + ": "; }

    void open(asio::error_code& ec) {
        socket_.open(asio::ip::udp::v4(), ec);
        if (!ec) socket_.non_blocking(true, ec); // sends must never block the loop
    }

    SendStatus send_datagram(const asio::ip::udp::endpoint& to, std::string_view payload) {
        asio::error_code ec;
        if (!socket_.is_open()) open(ec); // sending before listen: an unbound socket
        std::array<asio::const_buffer, 2> parts{asio::buffer(header_),
                                                asio::buffer(payload.data(), payload.size())};
        if (!ec) socket_.send_to(parts, to, 0, ec);
        if (ec) {
            ++stats_.send_failures;
            log_info(prefix(), "send to ", to.address().to_string(), ":", to.port(), ": ",
                     ec.message());
            return SendStatus::SendFailed;
        }
        ++stats_.messages_sent;
        return SendStatus::Queued;
    }

    void receive_next() {
        auto self = shared_from_this();
        socket_.async_receive_from(
            asio::buffer(buffer_), sender_,
            [self](const asio::error_code& ec, std::size_t n) { self->received(ec, n); });
    }

    void received(const asio::error_code& ec, std::size_t n) {
        if (stopped_ || ec == asio::error::operation_aborted) return;
        if (ec) {
            // Retrying at once could spin on a persistent error.
            log_warn(prefix(), "receive: ", ec.message(), "; retrying in 10 ms");
            auto self = shared_from_this();
            retry_.expires_after(std::chrono::milliseconds(10));
            retry_.async_wait([self](const asio::error_code& e) {
                if (!e && !self->stopped_) self->receive_next();
            });
            return;
        }
        handle_datagram(std::string_view(buffer_.data(), n));
        if (!stopped_) receive_next();
    }

    void handle_datagram(std::string_view d) {
        std::string why = check_header(d);
        if (!why.empty()) {
            ++stats_.malformed_datagrams;
            log_warn(prefix(), "dropping a datagram from ", sender_.address().to_string(), ":",
                     sender_.port(), ": ", why);
            return;
        }
        int from = static_cast<int>(static_cast<std::int32_t>(read_be(d.data() + 12, 4)));
        ++stats_.messages_received;
        if (!handler_) return;
        try {
            handler_(from, d.substr(kUdpHeaderBytes));
        } catch (const DecodeError& e) {
            ++stats_.malformed_messages;
            log_warn(prefix(), "malformed message from node ", from, ": ", e.what());
        }
    }

    std::string check_header(std::string_view d) const {
        if (d.size() < kUdpHeaderBytes) return "shorter than the header";
        if (d.substr(0, 4) != "IVYU") return "bad magic";
        if (read_be(d.data() + 4, 8) != tag_) return "other cluster or protocol version";
        if (static_cast<std::int32_t>(read_be(d.data() + 12, 4)) < 0) return "bad sender id";
        return {};
    }

    Loop& loop_;
    std::shared_ptr<UdpConfig> config_;
    int self_;
    UdpOptions options_;
    asio::ip::udp::socket socket_;
    asio::steady_timer retry_;
    std::vector<char> buffer_;
    asio::ip::udp::endpoint sender_;
    std::uint64_t tag_;
    std::array<char, kUdpHeaderBytes> header_;
    MessageHandler handler_;
    UdpStats stats_;
    bool stopped_ = false;
};

} // namespace detail

class UdpTransport {
public:
    UdpTransport(Loop& loop, std::shared_ptr<UdpConfig> config, int self, UdpOptions options = {})
        : core_(std::make_shared<detail::UdpCore>(loop, std::move(config), self,
                                                  std::move(options))) {}
    UdpTransport(const UdpTransport&) = delete;
    UdpTransport& operator=(const UdpTransport&) = delete;
    ~UdpTransport() {
        core_->shutdown();
        core_->clear_handler();
    }

    // Binds this node's address from the config.
    Status listen() { return core_->listen(); }
    // Binds an explicit address; port 0 picks a free port (tests).
    Status listen_on(Endpoint where) { return core_->listen_on(where); }
    unsigned short local_port() const { return core_->local_port(); }

    void on_message(MessageHandler handler) { core_->on_message(std::move(handler)); }

    // Sends one datagram now, without blocking. Anything but Queued was dropped.
    SendStatus send(int to, std::string_view payload) { return core_->send(to, payload); }

    void shutdown() { core_->shutdown(); }
    const UdpStats& stats() const { return core_->stats(); }
    std::uint64_t dropped_messages() const { return core_->stats().dropped(); }

private:
    std::shared_ptr<detail::UdpCore> core_;
};

} // namespace ivy::runtime
