// The network of extracted programs: what the native code of the standard library's
// `simple_tcp` (tcp.ivy) and `udp_simple` (udp.ivy) calls.
//
// A `Hosts` holds, for one network instance, a transport for each address this
// process serves (one in an extract stripped to a node, every node when a whole
// system runs in one process). Transports are created when the loop first runs (or
// at the first send), not at construction: the embedder may still replace the
// configuration between construction and `__init()` (Ivy's `set_tcp_config`), and
// listening sockets must not exist before the object is ready to receive.
#pragma once

#include "runtime/extracted/support.h"
#include "runtime/shim/tcp_transport.h"
#include "runtime/shim/udp_transport.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace ivy::extracted {

template <class Transport, class Options> class Hosts {
public:
    using Deliver = std::function<void(int from, std::string_view payload)>;

    // `config` is the object's configuration slot, read when a transport starts.
    explicit Hosts(const std::shared_ptr<runtime::TcpConfig>* config)
        : state_(std::make_shared<State>()) {
        state_->config = config;
    }
    Hosts(const Hosts&) = delete;
    Hosts& operator=(const Hosts&) = delete;
    ~Hosts() { close(); }

    // Serves address `self`: messages to it go to `deliver` (on the loop thread).
    void open(runtime::Loop& loop, int self, Deliver deliver) {
        if (settings().offline) return;
        state_->loop = &loop;
        state_->hosts[self].deliver = std::move(deliver);
        std::weak_ptr<State> weak = state_;
        loop.post([weak, self] {
            if (auto s = weak.lock()) start(*s, self);
        });
    }

    // Sends `payload` from `src` (an address this process serves) to `dst`. Never
    // blocks; a message that cannot be queued is dropped, which the network's
    // specification allows.
    runtime::SendStatus send(int src, int dst, std::string payload) {
        if (!state_->loop || settings().offline) return runtime::SendStatus::Stopped;
        Transport* t = start(*state_, src);
        return t ? t->send(dst, std::move(payload)) : runtime::SendStatus::Stopped;
    }

    // Shuts every transport down (the owning object is going away).
    void close() {
        for (auto& [id, host] : state_->hosts) host.transport.reset();
        state_->hosts.clear();
        state_->loop = nullptr;
    }

    Transport* transport(int self) {
        auto it = state_->hosts.find(self);
        return it == state_->hosts.end() ? nullptr : it->second.transport.get();
    }

private:
    struct Host {
        Deliver deliver;
        std::unique_ptr<Transport> transport;
        bool failed = false;
    };
    struct State {
        runtime::Loop* loop = nullptr;
        const std::shared_ptr<runtime::TcpConfig>* config = nullptr;
        std::map<int, Host> hosts;
    };

    static std::shared_ptr<runtime::TcpConfig> config_of(const State& s) {
        if (s.config && *s.config) return *s.config;
        if (settings().cluster) return settings().cluster;
        return std::make_shared<runtime::TcpConfig>();
    }

    // The transport of `self`, started (listening) on first use.
    static Transport* start(State& s, int self) {
        Host& h = s.hosts[self];
        if (h.transport || h.failed || !s.loop) return h.transport.get();
        Options options;
        options.cluster_id = settings().cluster_id;
        h.transport = std::make_unique<Transport>(*s.loop, config_of(s), self, options);
        Deliver* deliver = &h.deliver; // std::map nodes are stable
        h.transport->on_message([deliver](int from, std::string_view payload) {
            if (*deliver) (*deliver)(from, payload);
        });
        runtime::Status st = h.transport->listen();
        if (!st.ok()) {
            h.failed = true;
            h.transport.reset();
            settings().fatal("cannot serve address " + std::to_string(self) + ": " + st.error);
            return nullptr;
        }
        return h.transport.get();
    }

    std::shared_ptr<State> state_;
};

using TcpHosts = Hosts<runtime::TcpTransport, runtime::TcpOptions>;
using UdpHosts = Hosts<runtime::UdpTransport, runtime::UdpOptions>;

} // namespace ivy::extracted
