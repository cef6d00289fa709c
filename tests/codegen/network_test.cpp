// The network of extracted programs: two processes of tests/codegen/specs/pinger.ivy
// (REPL programs over the tcp and udp modules) exchange numbers. When the receiver
// is killed and started again on the same address, the sender must survive the
// dead peer and reach the new one through its reconnect.
#include "tests/codegen/process_util.h"

#include <gtest/gtest.h>
#include <memory>

namespace {

using namespace ivy::codegen::testing;
using namespace std::chrono_literals;

class Pinger : public ::testing::Test {
protected:
    Pinger() {
        auto ports = free_ports(2);
        cluster_ = "cluster=127.0.0.1:" + std::to_string(ports[0]) + ",127.0.0.1:" + std::to_string(ports[1]);
    }

    std::unique_ptr<Child> start(int self) {
        return std::make_unique<Child>(PINGER_REPL, std::vector<std::string>{"2", std::to_string(self), cluster_});
    }

    // Sends v, v+1, ... from `sender` to node 1 with `action` until `receiver`
    // shows one of them as `shown(1,v)` (a message may be lost while the peer is
    // not up: the network's specification allows it); the first value shown, or
    // -1 at the deadline.
    static int deliver_some(Child& sender, Child& receiver, int v, const std::string& action = "proc.send",
                            const std::string& shown = "< got") {
        const std::string mark = shown + "(1,";
        auto deadline = Clock::now() + 10s;
        for (; Clock::now() < deadline; ++v) {
            sender.write(action + "(1," + std::to_string(v) + ")\n");
            receiver.pump(50ms);
            sender.pump(0ms);
            size_t at = receiver.output().find(mark);
            if (at != std::string::npos) return std::stoi(receiver.output().substr(at + mark.size()));
        }
        return -1;
    }

    std::string cluster_;
};

TEST_F(Pinger, SenderSurvivesAndReachesTheRestartedPeer) {
    auto sender = start(0);
    auto receiver = start(1);
    int first = deliver_some(*sender, *receiver, 100);
    ASSERT_GE(first, 100) << "no message reached the receiver";

    receiver.reset(); // killed: the sender's connection breaks
    for (int v = 200; v < 210; ++v) sender->write("proc.send(1," + std::to_string(v) + ")\n");
    sender->pump(100ms);

    receiver = start(1);
    int again = deliver_some(*sender, *receiver, 300);
    EXPECT_GE(again, 200) << "the restarted receiver got nothing: " << receiver->output();
    // Values 100.. went to the old process; 200.. were sent while no one listened.
    EXPECT_EQ(receiver->output().find("< got(1,1"), std::string::npos) << "old messages replayed as new";

    // The sender is still serving: it answers to its own address too.
    sender->write("proc.send(0,7)\n");
    EXPECT_TRUE(sender->read_until([](const std::string& out) { return out.find("< got(0,7)") != std::string::npos; },
                                   Clock::now() + 10s))
        << sender->output();
    sender->close_input();
    receiver->close_input();
}

TEST_F(Pinger, DatagramsReachThePeer) {
    auto sender = start(0);
    auto receiver = start(1);
    EXPECT_GE(deliver_some(*sender, *receiver, 100, "proc.send_datagram", "< got_datagram"), 100)
        << receiver->output();
    EXPECT_EQ(receiver->output().find("< got(1,"), std::string::npos) << "a datagram arrived as a tcp message";
}

} // namespace
