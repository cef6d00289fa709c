#include "runtime/shim/event_loop.h"

#include <chrono>
#include <future>
#include <gtest/gtest.h>
#include <thread>
#include <vector>

namespace ivy::runtime::testing {
namespace {

using namespace std::chrono_literals;

constexpr Duration kDeadline = std::chrono::seconds(10);

double ms(Duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

TEST(EventLoop, PostRunsOnTheLoopThreadFromAnyThread) {
    Loop loop;
    std::thread runner([&] { loop.run(); });
    std::promise<std::pair<bool, std::thread::id>> seen;
    auto result = seen.get_future();
    std::thread poster([&] {
        loop.post([&] { seen.set_value({loop.on_loop_thread(), std::this_thread::get_id()}); });
    });
    poster.join();
    ASSERT_EQ(result.wait_for(kDeadline), std::future_status::ready);
    auto [on_loop, id] = result.get();
    EXPECT_TRUE(on_loop);
    EXPECT_EQ(id, runner.get_id());
    EXPECT_FALSE(loop.on_loop_thread());
    EXPECT_FALSE(loop.may_touch_state()); // another thread runs the loop now
    loop.stop();
    runner.join();
    EXPECT_TRUE(loop.may_touch_state()); // nobody runs it any more
}

TEST(EventLoop, StopFromAnotherThreadEndsRun) {
    Loop loop;
    auto done = std::async(std::launch::async, [&] { loop.run(); });
    loop.post([&] { loop.stop(); });
    EXPECT_EQ(done.wait_for(kDeadline), std::future_status::ready);
}

TEST(EventLoop, PostNeverRunsInsideTheCaller) {
    Loop loop;
    std::vector<int> order;
    loop.post([&] {
        loop.post([&] { order.push_back(2); });
        order.push_back(1);
    });
    loop.run_until([&] { return order.size() == 2; }, kDeadline);
    EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(EventLoop, AfterFiresOnceAfterTheDelay) {
    Loop loop;
    int fired = 0;
    auto start = Clock::now();
    Clock::time_point when;
    Timer t = loop.after(30ms, [&] {
        ++fired;
        when = Clock::now();
    });
    EXPECT_TRUE(t.active());
    ASSERT_TRUE(loop.run_until([&] { return fired == 1; }, kDeadline));
    EXPECT_GE(when - start, 30ms);
    EXPECT_FALSE(t.active());
    loop.run_for(50ms);
    EXPECT_EQ(fired, 1);
}

TEST(EventLoop, CancelledTimersDoNotFire) {
    Loop loop;
    int once = 0, periodic = 0;
    Timer a = loop.after(10ms, [&] { ++once; });
    Timer b = loop.every(10ms, [&] { ++periodic; });
    a.cancel();
    b.cancel();
    a.cancel(); // twice is harmless
    loop.run_for(60ms);
    EXPECT_EQ(once, 0);
    EXPECT_EQ(periodic, 0);
    EXPECT_FALSE(b.active());
}

TEST(EventLoop, PeriodicTimerCanCancelItselfFromItsCallback) {
    Loop loop;
    int ticks = 0;
    Timer t;
    t = loop.every(5ms, [&] {
        if (++ticks == 3) t.cancel();
    });
    loop.run_for(80ms);
    EXPECT_EQ(ticks, 3);
}

// The n-th tick is due at start + n * period however long the callback runs: with
// sleep-then-work timers ten 10 ms callbacks would add up to 100 ms of drift.
TEST(EventLoop, EveryIsFixedRateWithoutDrift) {
    constexpr auto period = 30ms;
    constexpr auto work = 10ms;
    constexpr int ticks = 10;
    Loop loop;
    std::vector<Clock::time_point> fired;
    auto start = Clock::now();
    loop.every(period, [&] {
        fired.push_back(Clock::now());
        std::this_thread::sleep_for(work); // the scenario: a handler that takes time
    });
    ASSERT_TRUE(loop.run_until([&] { return fired.size() == ticks; }, kDeadline));
    for (int k = 0; k < ticks; ++k)
        EXPECT_GE(fired[k] - start, (k + 1) * period) << "tick " << k << " fired early";
    auto lateness = fired.back() - (start + ticks * period);
    EXPECT_LT(lateness, ticks * work / 2) << "last tick " << ms(lateness) << " ms late";
}

// A handler that blocks for several periods makes the timer skip the missed ticks
// and stay on its grid, instead of firing a burst of stale ticks.
TEST(EventLoop, EverySkipsMissedTicksAndStaysOnTheGrid) {
    constexpr auto period = 20ms;
    Loop loop;
    std::vector<Clock::time_point> fired;
    auto start = Clock::now();
    Timer t = loop.every(period, [&] {
        fired.push_back(Clock::now());
        if (fired.size() == 2) std::this_thread::sleep_for(70ms);
    });
    ASSERT_TRUE(loop.run_until([&] { return fired.size() == 4; }, kDeadline));
    EXPECT_GE(t.skipped_ticks(), 2u);
    // The third tick comes on a grid point after the stall, not right after it.
    auto third = fired[2] - start;
    EXPECT_GE(third, 5 * period);
    EXPECT_GE(fired[3] - fired[2], period / 2) << "ticks came in a burst";
}

TEST(EventLoop, RandomPhasePlacesTheFirstTickWithinOnePeriod) {
    constexpr auto period = 200ms;
    Loop loop;
    loop.seed(7);
    Duration phase = loop.random_duration(period);
    loop.seed(7); // the timer draws the same phase
    Clock::time_point first{};
    auto start = Clock::now();
    Timer t = loop.every(
        period,
        [&] {
            if (first == Clock::time_point{}) first = Clock::now();
        },
        Loop::Phase::Random);
    ASSERT_TRUE(loop.run_until([&] { return first != Clock::time_point{}; }, kDeadline));
    EXPECT_GE(first - start, phase);
    EXPECT_LT(first - start, phase + 100ms);
    t.cancel();
}

TEST(EventLoop, RandomDurationsAreInRangeAndVary) {
    Loop loop;
    Duration lo = 100ms, hi = Duration::zero();
    for (int i = 0; i < 200; ++i) {
        Duration d = loop.random_duration(100ms);
        ASSERT_GE(d, Duration::zero());
        ASSERT_LT(d, 100ms);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    EXPECT_LT(lo, hi);
    EXPECT_EQ(loop.random_duration(Duration::zero()), Duration::zero());
}

TEST(EventLoop, RunUntilReturnsFalseAtTheDeadline) {
    Loop loop;
    auto start = Clock::now();
    EXPECT_FALSE(loop.run_until([] { return false; }, 40ms));
    EXPECT_GE(Clock::now() - start, 40ms);
}

TEST(EventLoop, HandlersMayTouchStateAndOwnerIsTheRunningThread) {
    Loop loop;
    EXPECT_TRUE(loop.may_touch_state()); // before run: wiring from any thread is fine
    EXPECT_FALSE(loop.on_loop_thread());
    bool inside = false;
    loop.post([&] { inside = loop.on_loop_thread() && loop.may_touch_state(); });
    loop.run_until([&] { return inside; }, kDeadline);
    EXPECT_TRUE(inside);
}

} // namespace
} // namespace ivy::runtime::testing
