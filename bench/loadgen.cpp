// loadgen: closed-loop clients for a fixed time against kvserver (vard's wire
// protocol) or etcd 3.4 (its v3 JSON gateway), so one tool measures both.
//
//   loadgen --target kv|etcd --cluster host:port,... [--clients 16] [--time 10]
//           [--keys 500] [--put-percentage 50] [--event-file F] [--seed S]
//
// Each client is a thread with its own connection, sending one request and waiting
// for its reply before the next. kv clients talk to the leader and follow it across
// failures, resending a failed request with the same client id and SEQ (the
// server's dedup then answers a retry of a committed write from its cache); etcd
// clients are spread over the members (any member serves, followers forward), and
// reconnect to the next member when theirs fails.
//
// Output: human-readable lines and one machine-readable line
//   RESULT target=kv ops=N seconds=S throughput=T p50_us=A p99_us=B mean_us=C errors=E
// With --event-file: after the run the file holds the wall-clock time (seconds
// since the epoch, as `date +%s.%N` prints) at which something was done to the
// cluster (the bench script kills the leader); loadgen then also prints
//   FAILOVER first_ms=X all_ms=Y
// X: from the event to the first request served again (sent after the event and
// answered) by any client; Y: until every client has had one served.
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <poll.h>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// ---- options ------------------------------------------------------------------------

struct Endpoint {
    std::string host;
    unsigned short port = 0;
};

struct Options {
    std::string target = "kv";
    std::vector<Endpoint> cluster;
    int clients = 16;
    double seconds = 10;
    int keys = 500;
    int put_percentage = 50;
    std::string event_file;
    std::uint64_t seed = 0;
    std::chrono::milliseconds reply_timeout{1000};
};

[[noreturn]] void usage(const std::string& why) {
    std::fprintf(stderr,
                 "loadgen: %s\n"
                 "usage: loadgen --target kv|etcd --cluster host:port,... [--clients N] "
                 "[--time SECONDS] [--keys N] [--put-percentage P] [--event-file F] "
                 "[--seed S] [--reply-timeout-ms T]\n",
                 why.c_str());
    std::exit(2);
}

std::vector<Endpoint> parse_cluster(const std::string& text) {
    std::vector<Endpoint> out;
    std::stringstream ss(text);
    std::string entry;
    while (std::getline(ss, entry, ',')) {
        auto colon = entry.rfind(':');
        if (colon == std::string::npos || colon == 0) usage("cluster entry '" + entry + "'");
        char* end = nullptr;
        long port = std::strtol(entry.c_str() + colon + 1, &end, 10);
        if (*end || port <= 0 || port > 65535) usage("bad port in '" + entry + "'");
        out.push_back({entry.substr(0, colon), static_cast<unsigned short>(port)});
    }
    if (out.empty()) usage("--cluster is empty");
    return out;
}

long parse_int(const std::string& flag, const char* v, long lo, long hi) {
    char* end = nullptr;
    long x = std::strtol(v, &end, 10);
    if (!*v || *end || x < lo || x > hi)
        usage(flag + " must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) +
              "]");
    return x;
}

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string flag = argv[i];
        if (flag == "--help") usage("help");
        if (i + 1 >= argc) usage(flag + " needs a value");
        const char* v = argv[++i];
        if (flag == "--target") o.target = v;
        else if (flag == "--cluster") o.cluster = parse_cluster(v);
        else if (flag == "--clients") o.clients = static_cast<int>(parse_int(flag, v, 1, 4096));
        else if (flag == "--time") {
            char* end = nullptr;
            o.seconds = std::strtod(v, &end);
            if (*end || !(o.seconds > 0) || o.seconds > 86400) usage("--time must be > 0");
        } else if (flag == "--keys") o.keys = static_cast<int>(parse_int(flag, v, 1, 100000000));
        else if (flag == "--put-percentage")
            o.put_percentage = static_cast<int>(parse_int(flag, v, 0, 100));
        else if (flag == "--event-file") o.event_file = v;
        else if (flag == "--seed") o.seed = static_cast<std::uint64_t>(parse_int(flag, v, 0, 1L << 62));
        else if (flag == "--reply-timeout-ms")
            o.reply_timeout = std::chrono::milliseconds(parse_int(flag, v, 1, 600000));
        else usage("unknown flag " + flag);
    }
    if (o.target != "kv" && o.target != "etcd") usage("--target must be kv or etcd");
    if (o.cluster.empty()) usage("--cluster is required");
    return o;
}

// ---- sockets ------------------------------------------------------------------------

class Conn {
public:
    Conn() = default;
    ~Conn() { close(); }
    Conn(const Conn&) = delete;
    Conn& operator=(const Conn&) = delete;

    bool open(const Endpoint& e) {
        close();
        addrinfo hints{};
        hints.ai_family = AF_INET;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* res = nullptr;
        if (::getaddrinfo(e.host.c_str(), std::to_string(e.port).c_str(), &hints, &res) != 0)
            return false;
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        bool ok = fd_ >= 0 && ::connect(fd_, res->ai_addr, res->ai_addrlen) == 0;
        ::freeaddrinfo(res);
        if (!ok) {
            close();
            return false;
        }
        int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        buf_.clear();
        return true;
    }
    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    bool is_open() const { return fd_ >= 0; }

    bool send_all(std::string_view bytes) {
        while (!bytes.empty()) {
            ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    // Makes at least `n` bytes available in buffer(); false on EOF, error or timeout.
    bool fill(std::size_t n, Clock::time_point deadline) {
        char tmp[65536];
        while (buf_.size() < n) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                              Clock::now());
            if (left.count() <= 0) return false;
            pollfd p{fd_, POLLIN, 0};
            int r = ::poll(&p, 1, static_cast<int>(left.count()));
            if (r < 0) return false;
            if (r == 0) continue;
            ssize_t got = ::recv(fd_, tmp, sizeof tmp, 0);
            if (got <= 0) return false;
            buf_.append(tmp, static_cast<std::size_t>(got));
        }
        return true;
    }
    std::string& buffer() { return buf_; }

private:
    int fd_ = -1;
    std::string buf_;
};

// ---- results ------------------------------------------------------------------------

struct ClientResult {
    std::vector<std::uint32_t> latency_us;
    std::vector<double> done_at;    // wall-clock seconds (epoch) of each completion
    std::vector<double> attempt_at; // when the attempt that succeeded was sent
    double attempt = 0;             // the current attempt's send time
    std::uint64_t errors = 0;    // failed attempts (NotLeader, lost connections, HTTP errors)
};

double wall_now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// ---- the kv client (vard's wire protocol) -------------------------------------------

constexpr std::size_t kMaxReply = 64u << 20;

std::string frame(std::string_view body) {
    std::string out(4, '\0');
    auto n = static_cast<std::uint32_t>(body.size());
    for (int i = 0; i < 4; ++i) out[static_cast<std::size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
    out.append(body);
    return out;
}

// One framed reply body, or nullopt (closed, timed out, oversized).
std::optional<std::string> read_frame(Conn& c, Clock::time_point deadline) {
    if (!c.fill(4, deadline)) return std::nullopt;
    auto* p = reinterpret_cast<const unsigned char*>(c.buffer().data());
    std::size_t len = p[0] | (p[1] << 8) | (p[2] << 16) | (std::size_t{p[3]} << 24);
    if (len > kMaxReply || !c.fill(4 + len, deadline)) return std::nullopt;
    std::string body = c.buffer().substr(4, len);
    c.buffer().erase(0, 4 + len);
    return body;
}

class KvClient {
public:
    KvClient(const Options& o, std::uint32_t id, std::size_t start_node)
        : o_(o), id_(id), node_(start_node % o.cluster.size()) {}

    // Sends `op` ("PUT k v -") until some node answers it with a Response; false only
    // when `stop_at` passes first.
    bool call(const std::string& op, Clock::time_point stop_at, ClientResult& r) {
        std::string body = std::to_string(id_) + " " + std::to_string(seq_) + " " + op;
        std::string prefix = "Response " + std::to_string(seq_) + " ";
        ++seq_;
        std::size_t failures_in_a_row = 0;
        while (Clock::now() < stop_at) {
            if (!conn_.is_open() && !conn_.open(o_.cluster[node_])) {
                next_node(failures_in_a_row, r);
                continue;
            }
            r.attempt = wall_now();
            if (!conn_.send_all(frame(body))) {
                next_node(failures_in_a_row, r);
                continue;
            }
            auto deadline = std::min(stop_at, Clock::now() + o_.reply_timeout);
            for (;;) {
                auto reply = read_frame(conn_, deadline);
                if (!reply) break; // closed or timed out
                if (reply->rfind(prefix, 0) == 0) return true;
                if (reply->rfind("Response ", 0) == 0) continue; // late reply to an earlier try
                break;                                            // NotLeader or garbage
            }
            next_node(failures_in_a_row, r);
        }
        return false;
    }

private:
    void next_node(std::size_t& failures_in_a_row, ClientResult& r) {
        ++r.errors;
        conn_.close();
        node_ = (node_ + 1) % o_.cluster.size();
        // After a whole round without a leader (an election is going on), pause
        // briefly instead of spinning on the survivors.
        if (++failures_in_a_row % o_.cluster.size() == 0) std::this_thread::sleep_for(2ms);
    }

    const Options& o_;
    std::uint32_t id_;
    std::uint64_t seq_ = 0;
    std::size_t node_;
    Conn conn_;
};

// ---- the etcd client (v3 JSON gateway over HTTP/1.1 keep-alive) ----------------------

std::string base64(std::string_view in) {
    static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                     (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
        out += t[(v >> 18) & 63];
        out += t[(v >> 12) & 63];
        out += t[(v >> 6) & 63];
        out += t[v & 63];
    }
    if (i + 1 == in.size()) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        out += t[(v >> 18) & 63];
        out += t[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == in.size()) {
        unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        out += t[(v >> 18) & 63];
        out += t[(v >> 12) & 63];
        out += t[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

std::size_t find_ci(const std::string& hay, std::string_view needle, std::size_t end) {
    auto it = std::search(hay.begin(), hay.begin() + static_cast<std::ptrdiff_t>(end),
                          needle.begin(), needle.end(), [](char a, char b) {
                              return std::tolower(static_cast<unsigned char>(a)) ==
                                     std::tolower(static_cast<unsigned char>(b));
                          });
    return it == hay.begin() + static_cast<std::ptrdiff_t>(end)
               ? std::string::npos
               : static_cast<std::size_t>(it - hay.begin());
}

// Reads one HTTP response; returns its status (0 on failure) and body.
int read_http(Conn& c, Clock::time_point deadline, std::string& body) {
    std::size_t header_end;
    for (;;) {
        header_end = c.buffer().find("\r\n\r\n");
        if (header_end != std::string::npos) break;
        if (c.buffer().size() > (1u << 16) || !c.fill(c.buffer().size() + 1, deadline)) return 0;
    }
    const std::string& b = c.buffer();
    int status = 0;
    if (b.rfind("HTTP/1.", 0) != 0 || b.size() < 12) return 0;
    status = std::atoi(b.c_str() + 9);
    std::size_t start = header_end + 4;
    auto cl = find_ci(b, "\r\ncontent-length:", header_end);
    if (cl != std::string::npos) {
        std::size_t len = std::strtoul(b.c_str() + cl + 17, nullptr, 10);
        if (len > kMaxReply || !c.fill(start + len, deadline)) return 0;
        body = c.buffer().substr(start, len);
        c.buffer().erase(0, start + len);
        return status;
    }
    if (find_ci(b, "\r\ntransfer-encoding: chunked", header_end) == std::string::npos) return 0;
    body.clear();
    std::size_t pos = start;
    for (;;) {
        std::size_t eol;
        while ((eol = c.buffer().find("\r\n", pos)) == std::string::npos)
            if (!c.fill(c.buffer().size() + 1, deadline)) return 0;
        std::size_t n = std::strtoul(c.buffer().c_str() + pos, nullptr, 16);
        if (n > kMaxReply || !c.fill(eol + 2 + n + 2, deadline)) return 0;
        body.append(c.buffer(), eol + 2, n);
        pos = eol + 2 + n + 2;
        if (n == 0) break;
    }
    c.buffer().erase(0, pos);
    return status;
}

class EtcdClient {
public:
    EtcdClient(const Options& o, std::size_t start_node) : o_(o), node_(start_node % o.cluster.size()) {}

    bool call(bool put, const std::string& key, const std::string& value, Clock::time_point stop_at,
              ClientResult& r) {
        std::string json = put ? "{\"key\":\"" + base64(key) + "\",\"value\":\"" + base64(value) + "\"}"
                               : "{\"key\":\"" + base64(key) + "\"}";
        std::size_t failures_in_a_row = 0;
        while (Clock::now() < stop_at) {
            const Endpoint& e = o_.cluster[node_];
            if (!conn_.is_open() && !conn_.open(e)) {
                next_node(failures_in_a_row, r);
                continue;
            }
            std::string req = std::string("POST ") + (put ? "/v3/kv/put" : "/v3/kv/range") +
                              " HTTP/1.1\r\nHost: " + e.host + ":" + std::to_string(e.port) +
                              "\r\nContent-Type: application/json\r\nContent-Length: " +
                              std::to_string(json.size()) + "\r\n\r\n" + json;
            r.attempt = wall_now();
            if (!conn_.send_all(req)) {
                next_node(failures_in_a_row, r);
                continue;
            }
            std::string body;
            int status = read_http(conn_, std::min(stop_at, Clock::now() + o_.reply_timeout), body);
            // A served request has a header with the revision; errors carry "error".
            if (status == 200 && body.find("\"header\"") != std::string::npos) return true;
            next_node(failures_in_a_row, r);
        }
        return false;
    }

private:
    void next_node(std::size_t& failures_in_a_row, ClientResult& r) {
        ++r.errors;
        conn_.close();
        node_ = (node_ + 1) % o_.cluster.size();
        if (++failures_in_a_row % o_.cluster.size() == 0) std::this_thread::sleep_for(2ms);
    }

    const Options& o_;
    std::size_t node_;
    Conn conn_;
};

// ---- the run ------------------------------------------------------------------------

void run_client(const Options& o, int index, Clock::time_point stop_at, ClientResult& r) {
    std::mt19937_64 rng(o.seed ? o.seed + static_cast<std::uint64_t>(index)
                               : std::random_device{}() ^ (std::uint64_t{std::random_device{}()} << 32));
    std::uniform_int_distribution<int> key_of(0, o.keys - 1);
    std::uniform_int_distribution<int> percent(0, 99);
    auto id = static_cast<std::uint32_t>(rng() % 0x7fffffffu + 1);
    KvClient kv(o, id, 0);
    EtcdClient etcd(o, static_cast<std::size_t>(index));
    r.latency_us.reserve(1 << 16);
    for (std::uint64_t i = 0; Clock::now() < stop_at; ++i) {
        bool put = percent(rng) < o.put_percentage;
        std::string key = "key" + std::to_string(key_of(rng));
        std::string value = std::to_string(i);
        auto t0 = Clock::now();
        bool ok = o.target == "kv"
                      ? kv.call(put ? "PUT " + key + " " + value + " -" : "GET " + key + " - -",
                                stop_at, r)
                      : etcd.call(put, key, value, stop_at, r);
        if (!ok) break;
        auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
        r.latency_us.push_back(static_cast<std::uint32_t>(std::min<long long>(us, UINT32_MAX)));
        r.done_at.push_back(wall_now());
        r.attempt_at.push_back(r.attempt);
    }
}

double percentile(std::vector<std::uint32_t>& v, double p) {
    if (v.empty()) return 0;
    auto k = static_cast<std::size_t>(std::min<double>(v.size() - 1, std::floor(p * static_cast<double>(v.size()))));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

void report_failover(const Options& o, const std::vector<ClientResult>& results) {
    std::ifstream in(o.event_file);
    double event = 0;
    if (!(in >> event) || event <= 0) {
        std::printf("FAILOVER none (no event time in %s)\n", o.event_file.c_str());
        return;
    }
    // Served again: a request whose successful attempt was sent after the event (a
    // reply the old leader had sent before it died does not count).
    double first = INFINITY, all = 0;
    for (const auto& r : results) {
        auto it = std::lower_bound(r.attempt_at.begin(), r.attempt_at.end(), event);
        if (it == r.attempt_at.end()) {
            all = INFINITY; // this client was never served again
            continue;
        }
        double served = r.done_at[static_cast<std::size_t>(it - r.attempt_at.begin())] - event;
        first = std::min(first, served);
        all = std::max(all, served);
    }
    if (std::isinf(first)) {
        std::printf("FAILOVER first_ms=never all_ms=never\n");
        return;
    }
    if (std::isinf(all)) {
        std::printf("FAILOVER first_ms=%.1f all_ms=never\n", first * 1000);
        return;
    }
    std::printf("FAILOVER first_ms=%.1f all_ms=%.1f\n", first * 1000, all * 1000);
}

} // namespace

int main(int argc, char** argv) {
    Options o = parse_options(argc, argv);
    std::vector<ClientResult> results(static_cast<std::size_t>(o.clients));
    std::vector<std::thread> threads;
    auto start = Clock::now();
    auto stop_at = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
    for (int i = 0; i < o.clients; ++i)
        threads.emplace_back(run_client, std::cref(o), i, stop_at, std::ref(results[static_cast<std::size_t>(i)]));
    for (auto& t : threads) t.join();
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();

    std::vector<std::uint32_t> all;
    std::uint64_t errors = 0;
    for (const auto& r : results) {
        all.insert(all.end(), r.latency_us.begin(), r.latency_us.end());
        errors += r.errors;
    }
    double mean = 0;
    for (auto v : all) mean += v;
    mean = all.empty() ? 0 : mean / static_cast<double>(all.size());
    double ops = static_cast<double>(all.size());
    double p50 = percentile(all, 0.50), p99 = percentile(all, 0.99);
    std::printf("target %s, %d clients, %.1f s, %d keys, %d%% puts\n", o.target.c_str(), o.clients,
                seconds, o.keys, o.put_percentage);
    std::printf("requests: %.0f, throughput: %.0f req/s, latency p50 %.0f us, p99 %.0f us, "
                "mean %.0f us, failed attempts %llu\n",
                ops, ops / seconds, p50, p99, mean, static_cast<unsigned long long>(errors));
    std::printf("RESULT target=%s ops=%.0f seconds=%.3f throughput=%.0f p50_us=%.0f p99_us=%.0f "
                "mean_us=%.0f errors=%llu\n",
                o.target.c_str(), ops, seconds, ops / seconds, p50, p99, mean,
                static_cast<unsigned long long>(errors));
    if (!o.event_file.empty()) report_failover(o, results);
    std::fflush(stdout);
    return all.empty() ? 1 : 0;
}
