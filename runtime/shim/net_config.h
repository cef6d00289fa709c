// What the TCP and UDP transports share: where nodes live (TcpConfig), what a send
// returns, and the receive callback's shape.
//
// Nodes are small integer ids (0 .. N-1, the order of the server's --cluster list).
// TcpConfig::get keeps the shape of Ivy's generated `tcp_config` class, so glue
// written against Ivy's classes can override it unchanged.
#pragma once

#ifndef ASIO_STANDALONE
#define ASIO_STANDALONE
#endif
#include <asio/ip/address_v4.hpp>
#include <asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ivy::runtime {

// Maps a node id to its IPv4 address and port, both in host byte order. A port of
// 0 means "unknown node": sends to it are refused.
class TcpConfig {
public:
    virtual ~TcpConfig() = default;

    // Default (Ivy's): every node on loopback, node i at port 5990 + i.
    virtual void get(int id, unsigned long& addr, unsigned long& port) {
        addr = 0x7f000001;
        port = id >= 0 && id < 59545 ? 5990 + static_cast<unsigned long>(id) : 0;
    }
};

// Ivy's UDP shim names its config separately; the shape is the same.
using UdpConfig = TcpConfig;

struct Endpoint {
    unsigned long addr = 0; // IPv4, host order
    unsigned long port = 0; // host order; 0: unknown

    asio::ip::address_v4 address() const {
        return asio::ip::address_v4(static_cast<asio::ip::address_v4::uint_type>(addr));
    }
    unsigned short port_number() const { return static_cast<unsigned short>(port); }
};

// "host:port" to an endpoint; the host is a dotted quad or a name resolved once,
// now, to its first IPv4 address. Errors are returned in `error`.
inline std::optional<Endpoint> parse_host_port(std::string_view text, std::string& error) {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
        error = "expected host:port, got '" + std::string(text) + "'";
        return std::nullopt;
    }
    std::string host(text.substr(0, colon));
    std::string port_text(text.substr(colon + 1));
    if (port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(port_text) > 65535) {
        error = "bad port in '" + std::string(text) + "'";
        return std::nullopt;
    }
    unsigned long port = std::stoul(port_text);
    asio::error_code ec;
    auto v4 = asio::ip::make_address_v4(host, ec);
    if (!ec) return Endpoint{v4.to_uint(), port};
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    auto results = resolver.resolve(asio::ip::tcp::v4(), host, port_text, ec);
    if (ec || results.empty()) {
        error = "cannot resolve '" + host + "': " + (ec ? ec.message() : "no IPv4 address");
        return std::nullopt;
    }
    return Endpoint{results.begin()->endpoint().address().to_v4().to_uint(), port};
}

// A config from a list of endpoints: node i is entry i.
class ListTcpConfig : public TcpConfig {
public:
    ListTcpConfig() = default;
    explicit ListTcpConfig(std::vector<Endpoint> nodes) : nodes_(std::move(nodes)) {}

    // From "host:port" strings (the server's --cluster entries).
    static std::optional<ListTcpConfig> parse(const std::vector<std::string>& host_ports,
                                              std::string& error) {
        std::vector<Endpoint> nodes;
        for (const auto& hp : host_ports) {
            auto ep = parse_host_port(hp, error);
            if (!ep) return std::nullopt;
            nodes.push_back(*ep);
        }
        return ListTcpConfig(std::move(nodes));
    }

    // From one comma-separated list, "h:p,h:p,...".
    static std::optional<ListTcpConfig> parse(std::string_view comma_list, std::string& error) {
        std::vector<std::string> parts;
        std::size_t start = 0;
        while (start <= comma_list.size()) {
            auto comma = comma_list.find(',', start);
            if (comma == std::string_view::npos) comma = comma_list.size();
            parts.emplace_back(comma_list.substr(start, comma - start));
            start = comma + 1;
        }
        return parse(parts, error);
    }

    void get(int id, unsigned long& addr, unsigned long& port) override {
        if (id < 0 || static_cast<std::size_t>(id) >= nodes_.size()) {
            addr = 0;
            port = 0;
            return;
        }
        addr = nodes_[static_cast<std::size_t>(id)].addr;
        port = nodes_[static_cast<std::size_t>(id)].port;
    }

    // Adds or changes node `id` (e.g. once a node listening on port 0 knows its port).
    void set(int id, Endpoint ep) {
        if (id < 0) return;
        if (static_cast<std::size_t>(id) >= nodes_.size())
            nodes_.resize(static_cast<std::size_t>(id) + 1);
        nodes_[static_cast<std::size_t>(id)] = ep;
    }

    std::size_t size() const { return nodes_.size(); }

private:
    std::vector<Endpoint> nodes_;
};

// Reads node `id` from any config.
inline Endpoint endpoint_of(TcpConfig& config, int id) {
    Endpoint ep;
    config.get(id, ep.addr, ep.port);
    return ep;
}

// What became of a message handed to send(). Sends never block; anything but Queued
// means the message was dropped (and counted), which the network model allows.
enum class SendStatus {
    Queued,      // accepted; it will be written when the connection is up
    QueueFull,   // the peer's queue is at its byte or message limit
    TooLarge,    // larger than the transport's maximum message
    UnknownPeer, // the config has no address for that node
    Stopped,     // the transport has been shut down
    SendFailed,  // the operating system refused the datagram (UDP)
};

inline const char* to_string(SendStatus s) {
    switch (s) {
    case SendStatus::Queued:
        return "queued";
    case SendStatus::QueueFull:
        return "queue full";
    case SendStatus::TooLarge:
        return "too large";
    case SendStatus::UnknownPeer:
        return "unknown peer";
    case SendStatus::Stopped:
        return "stopped";
    case SendStatus::SendFailed:
        return "send failed";
    }
    return "?";
}

// Called on the loop thread for each message received. The payload is valid only
// during the call. Throwing DecodeError means "this message is malformed": the
// transport logs it and drops the connection (TCP) or the datagram (UDP).
using MessageHandler = std::function<void(int from, std::string_view payload)>;

// Opening or binding failed; `error` says why. Errors are values, as elsewhere.
struct Status {
    std::string error;
    bool ok() const { return error.empty(); }
};

// A 64-bit FNV-1a hash, for compact tags that identify a cluster on the wire.
inline std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 0xcbf29ce484222325ULL) {
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

} // namespace ivy::runtime
