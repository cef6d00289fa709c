// A deterministic in-process cluster for tests: Replicas running the test-double log,
// a simulated network (FIFO, with optional loss and partitions), manual ticks, and
// client replies collected per node. No sockets, no threads, no clocks: the same
// seed gives the same run.
//
// Durable nodes use an inline group-commit log (the disk work happens inside
// request_sync), so the files on disk at any moment are exactly what a crash at
// that moment would leave; crash() copies them, restart() recovers from the copy.
#pragma once

#include "runtime/kv/replica.h"
#include "tests/kv/test_double_log.h"

#include <gtest/gtest.h>

#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace ivy::kv::testing {

struct SimReply {
    ConnId conn;
    std::string body;
};

class SimCluster {
public:
    struct Options {
        int nodes = 3;
        std::uint64_t seed = 1;
        TestDoubleLog::Options protocol;
        ServiceOptions service;
        SnapshotPolicy snapshots;
        std::optional<std::filesystem::path> data_root; // durable nodes when set
        double loss = 0.0;                              // message loss probability
    };

    explicit SimCluster(Options o) : o_(std::move(o)), rng_(o_.seed) {
        protocol_ = TestDoubleLog::protocol(o_.protocol);
        nodes_.resize(static_cast<std::size_t>(o_.nodes));
        for (int i = 0; i < o_.nodes; ++i) start(i, dir_of(i));
    }

    ~SimCluster() {
        for (auto& n : nodes_) n.replica.reset();
    }

    int size() const { return o_.nodes; }
    Replica& replica(int i) { return *nodes_[idx(i)].replica; }
    bool up(int i) const { return nodes_[idx(i)].replica != nullptr; }
    std::vector<SimReply>& replies(int i) { return nodes_[idx(i)].replies; }

    // ---- network control ----
    void set_loss(double p) { o_.loss = p; }
    // Nodes in different groups cannot talk; {} heals.
    void partition(std::vector<std::vector<int>> groups) {
        group_.assign(static_cast<std::size_t>(o_.nodes), 0);
        for (std::size_t g = 0; g < groups.size(); ++g)
            for (int n : groups[g]) group_[idx(n)] = static_cast<int>(g) + 1;
    }
    void heal() { group_.clear(); }

    // ---- running ----
    // Delivers messages and runs posted work until nothing is left (or `limit`
    // steps, which only a livelock reaches).
    void settle(std::size_t limit = 1000000) {
        for (std::size_t steps = 0; steps < limit; ++steps)
            if (!step()) return;
    }

    void tick_all() {
        for (int i = 0; i < o_.nodes; ++i) {
            if (!up(i)) continue;
            replica(i).tick();
            notify(i);
        }
        settle();
    }

    // Ticks until some up node leads and every up node agrees; -1 after max_ticks.
    int elect(int max_ticks = 500) {
        for (int t = 0; t < max_ticks; ++t) {
            tick_all();
            int l = agreed_leader();
            if (l >= 0) return l;
        }
        return -1;
    }

    int agreed_leader() {
        int leader = -1;
        for (int i = 0; i < o_.nodes; ++i)
            if (up(i) && replica(i).is_leader()) leader = i;
        if (leader < 0) return -1;
        for (int i = 0; i < o_.nodes; ++i)
            if (up(i) && reachable(i, leader) && replica(i).leader_hint() != leader) return -1;
        return leader;
    }

    void request(int node, ConnId conn, Request r) {
        if (!up(node)) return;
        replica(node).client_request(conn, std::move(r));
        notify(node);
    }

    // ---- crashes ----
    // The files a crash now would leave, copied to a fresh directory; returns it.
    std::filesystem::path crash_image(int i) {
        auto from = dir_of(i).value();
        auto to = from.string() + "-crash" + std::to_string(++crash_count_);
        std::filesystem::remove_all(to);
        std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
        std::filesystem::remove(std::filesystem::path(to) / "LOCK");
        return to;
    }

    // Kills node i: its memory is gone; its disk keeps what was synced.
    void crash(int i) {
        std::optional<std::filesystem::path> image;
        if (o_.data_root) image = crash_image(i);
        Node& n = nodes_[idx(i)];
        n.replica.reset(); // (a durable node flushes into the old directory, unused)
        n.posted.clear();
        n.dir = image;
        drop_messages_to(i);
    }

    // Starts node i again: empty in memory mode, recovered from its disk otherwise.
    std::string restart(int i) { return start(i, nodes_[idx(i)].dir); }

    // Called after every unit of work a node does (message, posted task, tick,
    // request), with the node's id: tests record its state there.
    void observe(std::function<void(int)> fn) { observer_ = std::move(fn); }

    std::uint64_t delivered() const { return delivered_; }
    std::uint64_t lost() const { return lost_; }

private:
    struct Node {
        std::unique_ptr<Replica> replica;
        std::vector<SimReply> replies;
        std::deque<std::function<void()>> posted;
        std::optional<std::filesystem::path> dir;
    };
    struct Msg {
        int from, to;
        std::string bytes;
    };

    static std::size_t idx(int i) { return static_cast<std::size_t>(i); }

    std::optional<std::filesystem::path> dir_of(int i) const {
        if (!o_.data_root) return std::nullopt;
        if (!nodes_.empty() && nodes_[idx(i)].dir) return nodes_[idx(i)].dir;
        return *o_.data_root / ("node" + std::to_string(i));
    }

    bool reachable(int a, int b) const {
        return group_.empty() || group_[idx(a)] == group_[idx(b)];
    }

    std::string start(int i, std::optional<std::filesystem::path> dir) {
        Node& n = nodes_[idx(i)];
        n.dir = dir;
        ReplicaIo io;
        io.send = [this, i](int to, std::string m) { enqueue(i, to, std::move(m)); };
        io.reply = [this, i](ConnId c, std::string body) {
            nodes_[idx(i)].replies.push_back({c, std::move(body)});
        };
        io.post = [this, i](std::function<void()> fn) {
            nodes_[idx(i)].posted.push_back(std::move(fn));
        };
        ReplicaOptions ro;
        ro.config = {i, o_.nodes};
        ro.service = o_.service;
        ro.snapshots = o_.snapshots;
        ro.seed = o_.seed * 1000 + static_cast<std::uint64_t>(i) + 1;
        n.replica = std::make_unique<Replica>(protocol_, ro, std::move(io));
        if (!dir) return {};
        std::unique_ptr<WalStore> store;
        Recovered rec;
        auto st = WalStore::open(posix_fs(), dir->string(), store, rec);
        if (!st.ok()) {
            n.replica.reset();
            return st.error;
        }
        GroupCommitLog::Callbacks cb;
        cb.on_durable = [this, i](std::uint64_t next) {
            nodes_[idx(i)].posted.push_back([this, i, next] {
                if (up(i)) replica(i).durable(next);
            });
        };
        cb.on_error = [](const std::string& e) { ADD_FAILURE() << "log error: " << e; };
        auto log = std::make_unique<GroupCommitLog>(std::move(store), std::move(cb),
                                                    GroupCommitLog::Mode::Inline);
        auto rs = n.replica->start_durable(rec, std::move(log));
        if (!rs.ok()) {
            n.replica.reset();
            return rs.error;
        }
        return {};
    }

    void enqueue(int from, int to, std::string m) {
        if (to < 0 || to >= o_.nodes) return;
        if (!reachable(from, to) || (o_.loss > 0 && coin_(rng_) < o_.loss)) {
            ++lost_;
            return;
        }
        net_.push_back({from, to, std::move(m)});
    }

    void drop_messages_to(int i) {
        std::deque<Msg> keep;
        for (auto& m : net_)
            if (m.to != i) keep.push_back(std::move(m));
        net_.swap(keep);
    }

    // One unit of work: a node's posted task first (they are "this turn"), else
    // one message.
    bool step() {
        for (int i = 0; i < o_.nodes; ++i) {
            Node& n = nodes_[idx(i)];
            if (!n.posted.empty()) {
                auto fn = std::move(n.posted.front());
                n.posted.pop_front();
                if (n.replica) {
                    fn();
                    notify(i);
                }
                return true;
            }
        }
        if (net_.empty()) return false;
        Msg m = std::move(net_.front());
        net_.pop_front();
        if (up(m.to)) {
            ++delivered_;
            replica(m.to).peer_message(m.from, m.bytes);
            notify(m.to);
        }
        return true;
    }

    void notify(int i) {
        if (observer_ && up(i)) observer_(i);
    }

    Options o_;
    Protocol protocol_;
    std::function<void(int)> observer_;
    std::vector<Node> nodes_;
    std::deque<Msg> net_;
    std::vector<int> group_;
    std::mt19937_64 rng_;
    std::uniform_real_distribution<double> coin_{0.0, 1.0};
    std::uint64_t delivered_ = 0, lost_ = 0;
    int crash_count_ = 0;
};

} // namespace ivy::kv::testing
