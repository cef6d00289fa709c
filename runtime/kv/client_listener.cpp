#include "runtime/kv/client_listener.h"

#include "runtime/shim/log.h"

#include <asio/buffer.hpp>
#include <asio/write.hpp>
#include <utility>

namespace ivy::kv {

namespace {

// A short, printable excerpt of untrusted bytes for a log line.
std::string excerpt(std::string_view bytes) {
    constexpr std::size_t kMax = 60;
    std::string out;
    for (char c : bytes.substr(0, kMax)) out.push_back(c >= 32 && c < 127 ? c : '?');
    if (bytes.size() > kMax) out += "...";
    return out;
}

struct Conn {
    Conn(asio::ip::tcp::socket s, ConnId id, std::size_t max_frame)
        : socket(std::move(s)), id(id), frames(max_frame) {}

    asio::ip::tcp::socket socket;
    ConnId id;
    std::string remote;
    FrameBuffer frames;
    std::string out;     // replies not yet handed to the socket
    std::string writing; // the write in flight
    std::size_t outstanding = 0;
    bool reading = false;
    bool closed = false;
};

} // namespace

struct ClientListener::Core : std::enable_shared_from_this<ClientListener::Core> {
    Core(runtime::Loop& loop, ClientOptions options, OnRequest on_request)
        : loop(loop), options(options), on_request(std::move(on_request)),
          acceptor(loop.context()) {}

    runtime::Loop& loop;
    ClientOptions options;
    OnRequest on_request;
    asio::ip::tcp::acceptor acceptor;
    std::unordered_map<ConnId, std::shared_ptr<Conn>> conns;
    ConnId next_id = 1;
    ClientStats stats;
    bool stopped = false;

    runtime::Status listen(unsigned short port, const std::string& address) {
        asio::error_code ec;
        auto addr = asio::ip::make_address_v4(address, ec);
        if (ec) return {"bad client address '" + address + "'"};
        asio::ip::tcp::endpoint where(addr, port);
        acceptor.open(where.protocol(), ec);
        if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec) acceptor.bind(where, ec);
        if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            asio::error_code ignored;
            acceptor.close(ignored);
            return {"cannot listen for clients on " + address + ":" + std::to_string(port) + ": " +
                    ec.message()};
        }
        accept_next();
        return {};
    }

    void accept_next() {
        auto self = shared_from_this();
        acceptor.async_accept([self](const asio::error_code& ec, asio::ip::tcp::socket s) {
            self->accepted(ec, std::move(s));
        });
    }

    void accepted(const asio::error_code& ec, asio::ip::tcp::socket socket) {
        if (stopped || ec == asio::error::operation_aborted) return;
        if (ec) {
            // E.g. out of file descriptors: try again shortly instead of spinning.
            runtime::log_warn("kv: accept failed: ", ec.message());
            auto self = shared_from_this();
            loop.after(std::chrono::milliseconds(100), [self] {
                if (!self->stopped) self->accept_next();
            });
            return;
        }
        if (conns.size() >= options.max_connections) {
            runtime::log_warn("kv: too many client connections (", conns.size(),
                              "); refusing one");
            asio::error_code ignored;
            socket.close(ignored);
        } else {
            start(std::move(socket));
        }
        accept_next();
    }

    void start(asio::ip::tcp::socket socket) {
        asio::error_code ec;
        socket.set_option(asio::ip::tcp::no_delay(true), ec);
        auto conn = std::make_shared<Conn>(std::move(socket), next_id++, options.max_frame);
        auto remote = conn->socket.remote_endpoint(ec);
        conn->remote = ec ? "unknown" : remote.address().to_string() + ":" +
                                            std::to_string(remote.port());
        conns[conn->id] = conn;
        ++stats.accepted;
        runtime::log_info("kv: client ", conn->remote, " connected");
        read_more(conn);
    }

    void read_more(const std::shared_ptr<Conn>& c) {
        if (c->closed || c->reading || c->outstanding >= options.max_outstanding) return;
        c->reading = true;
        char* p = c->frames.write_ptr();
        auto self = shared_from_this();
        c->socket.async_read_some(asio::buffer(p, c->frames.write_size()),
                                  [self, c](const asio::error_code& ec, std::size_t n) {
                                      self->got_bytes(c, ec, n);
                                  });
    }

    void got_bytes(const std::shared_ptr<Conn>& c, const asio::error_code& ec, std::size_t n) {
        c->reading = false;
        if (stopped || c->closed) return;
        if (ec) {
            ended(*c, ec);
            return;
        }
        c->frames.commit(n);
        if (take_frames(*c)) read_more(c);
    }

    void ended(Conn& c, const asio::error_code& ec) {
        if (c.frames.mid_frame()) {
            ++stats.rejected;
            runtime::log_warn("kv: client ", c.remote,
                              " disconnected in the middle of a request (", ec.message(),
                              "); connection closed");
        } else {
            ++stats.closed_cleanly;
            runtime::log_info("kv: client ", c.remote, " disconnected");
        }
        close(c);
    }

    // Hands every complete request to the server; false if the connection was
    // closed for a protocol error.
    bool take_frames(Conn& c) {
        for (;;) {
            std::string_view body;
            switch (c.frames.next(body)) {
            case FrameBuffer::Status::NeedMore:
                return true;
            case FrameBuffer::Status::TooLarge:
                reject(c, "frame of " + std::to_string(c.frames.announced_length()) +
                              " bytes exceeds the limit of " + std::to_string(options.max_frame));
                return false;
            case FrameBuffer::Status::Empty:
                reject(c, "empty frame");
                return false;
            case FrameBuffer::Status::Frame:
                break;
            }
            auto parsed = parse_request(body);
            if (!parsed) {
                reject(c, "malformed request (" + parsed.error + "): '" + excerpt(body) + "'");
                return false;
            }
            ++c.outstanding;
            ++stats.requests;
            on_request(c.id, std::move(*parsed.request));
            if (c.closed) return false;
        }
    }

    void reject(Conn& c, const std::string& why) {
        ++stats.rejected;
        runtime::log_warn("kv: closing client ", c.remote, ": ", why);
        close(c);
    }

    void close(Conn& c) {
        if (c.closed) return;
        c.closed = true;
        asio::error_code ignored;
        c.socket.close(ignored);
        conns.erase(c.id);
    }

    void send(ConnId id, std::string_view body) {
        auto it = conns.find(id);
        if (it == conns.end()) return;
        auto c = it->second;
        append_frame(c->out, body);
        ++stats.replies;
        bool was_blocked = c->outstanding >= options.max_outstanding;
        if (c->outstanding > 0) --c->outstanding;
        if (c->out.size() + c->writing.size() > options.max_unsent_bytes) {
            reject(*c, "it does not read its replies (" + std::to_string(c->out.size()) +
                           " bytes unsent)");
            return;
        }
        if (c->writing.empty()) write_next(c);
        if (was_blocked) read_more(c);
    }

    void write_next(const std::shared_ptr<Conn>& c) {
        if (c->closed || c->out.empty()) return;
        c->writing.swap(c->out);
        auto self = shared_from_this();
        asio::async_write(c->socket, asio::buffer(c->writing),
                          [self, c](const asio::error_code& ec, std::size_t) {
                              if (self->stopped || c->closed) return;
                              if (ec) {
                                  runtime::log_info("kv: client ", c->remote,
                                                    ": write failed (", ec.message(), ")");
                                  self->close(*c);
                                  return;
                              }
                              c->writing.clear();
                              self->write_next(c);
                          });
    }

    void shutdown() {
        if (stopped) return;
        stopped = true;
        asio::error_code ignored;
        acceptor.close(ignored);
        auto all = conns;
        for (auto& [id, c] : all) close(*c);
    }
};

ClientListener::ClientListener(runtime::Loop& loop, ClientOptions options, OnRequest on_request)
    : core_(std::make_shared<Core>(loop, options, std::move(on_request))) {}

ClientListener::~ClientListener() {
    core_->shutdown();
    core_->on_request = nullptr;
}

runtime::Status ClientListener::listen(unsigned short port, const std::string& address) {
    return core_->listen(port, address);
}

unsigned short ClientListener::port() const {
    asio::error_code ec;
    auto ep = core_->acceptor.local_endpoint(ec);
    return ec ? 0 : ep.port();
}

void ClientListener::send(ConnId conn, std::string_view body) {
    core_->send(conn, body);
}

void ClientListener::shutdown() {
    core_->shutdown();
}

std::size_t ClientListener::connections() const {
    return core_->conns.size();
}

const ClientStats& ClientListener::stats() const {
    return core_->stats;
}

} // namespace ivy::kv
