// The event loop: one asio::io_context driven by one thread.
//
// Everything that touches protocol state (the generated class, peer and client
// sockets, timers) runs as a handler of this loop, so no lock is needed around
// generated code. Other threads never call into it; they `post` work instead.
// The generated `__lock()` / `__unlock()` become no-ops that assert
// `may_touch_state()` (see docs/extraction-and-runtime.md, section 2.6).
//
// Timers started by `every` are fixed-rate: each deadline is the previous deadline
// plus the period, so the handler's run time does not accumulate as drift (the
// artifact's sleep-then-work timers drift by exactly that, flaw F8).
#pragma once

#ifndef ASIO_STANDALONE
#define ASIO_STANDALONE
#endif
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <atomic>
#include <cassert>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <thread>
#include <utility>

namespace ivy::runtime {

using Clock = std::chrono::steady_clock;
using Duration = Clock::duration;

namespace detail {

// Shared by a Timer handle and the pending wait, so whichever is released last
// frees it; a timer nobody holds a handle to still fires.
struct TimerState {
    explicit TimerState(asio::io_context& io) : timer(io) {}
    asio::steady_timer timer;
    std::function<void()> fn;
    Duration period{0}; // zero: one-shot
    Clock::time_point deadline;
    bool finished = false;     // cancelled, or a one-shot that has fired
    std::uint64_t skipped = 0; // periodic ticks skipped because the loop fell behind
};

} // namespace detail

// A handle to a timer started by Loop::after or Loop::every. Dropping the handle
// does not cancel the timer; `cancel()` does. Use it on the loop thread only
// (asio timers are not thread-safe); from elsewhere, post the cancel.
class Timer {
public:
    Timer() = default;

    // Stops future firings; safe to call twice, on an empty handle, or from
    // inside the timer's own callback.
    void cancel() {
        if (!state_) return;
        state_->finished = true;
        state_->timer.cancel();
    }

    bool active() const { return state_ && !state_->finished; }

    // Ticks a periodic timer skipped because a handler or the loop ran late by more
    // than a whole period (they are skipped, not replayed in a burst).
    std::uint64_t skipped_ticks() const { return state_ ? state_->skipped : 0; }

private:
    friend class Loop;
    explicit Timer(std::shared_ptr<detail::TimerState> state) : state_(std::move(state)) {}
    std::shared_ptr<detail::TimerState> state_;
};

class Loop {
public:
    // How `every` places its first tick: one full period from now, or at a random
    // point within the first period (so nodes started together tick out of phase,
    // replacing the artifact's random start-up sleep).
    enum class Phase { FullPeriod, Random };

    Loop() : work_(asio::make_work_guard(io_)), rng_(std::random_device{}()) {}
    Loop(const Loop&) = delete;
    Loop& operator=(const Loop&) = delete;

    // For sockets and other Asio objects that must share this loop.
    asio::io_context& context() { return io_; }

    // Runs handlers on the calling thread until stop(); the loop keeps running when
    // idle. Calling run() again after stop() runs it again.
    void run() {
        OwnerScope scope(owner_);
        if (io_.stopped()) io_.restart();
        io_.run();
    }

    // Makes run() return soon; callable from any thread (e.g. a signal handler thread).
    void stop() { io_.stop(); }

    // Runs handlers on the calling thread until `done()` holds or `timeout` passes;
    // returns done(). For tests, replay and start-up code that waits for an event
    // without a second thread. Never call it from inside a handler.
    bool run_until(const std::function<bool()>& done, Duration timeout) {
        assert(!on_loop_thread());
        OwnerScope scope(owner_);
        if (io_.stopped()) io_.restart();
        const auto deadline = Clock::now() + timeout;
        while (!done()) {
            if (Clock::now() >= deadline || io_.stopped()) return done();
            io_.run_one_until(deadline);
        }
        return true;
    }

    // Runs handlers on the calling thread for `duration`.
    void run_for(Duration duration) {
        run_until([] { return false; }, duration);
    }

    // Is the caller the thread currently running this loop?
    bool on_loop_thread() const { return owner_.load() == std::this_thread::get_id(); }

    // Is the caller allowed to touch state owned by the loop? True on the loop
    // thread, and on any thread while no thread runs the loop (construction and
    // wiring before run(), or between run_until calls in tests).
    bool may_touch_state() const {
        auto owner = owner_.load();
        return owner == std::thread::id{} || owner == std::this_thread::get_id();
    }

    // What generated `__lock()` / `__unlock()` compile to: a check, not a lock.
    void assert_may_touch_state() const { assert(may_touch_state()); }

    // Queues `fn` to run on the loop thread; callable from any thread. `fn` never
    // runs inside post(), so a handler may post without reentering itself.
    template <class F> void post(F&& fn) { asio::post(io_, std::forward<F>(fn)); }

    // Runs `fn` once, `delay` from now, on the loop thread.
    Timer after(Duration delay, std::function<void()> fn) {
        auto state = std::make_shared<detail::TimerState>(io_);
        state->fn = std::move(fn);
        state->deadline = Clock::now() + delay;
        arm(state);
        return Timer(state);
    }

    // Runs `fn` every `period`: the n-th tick is due at first + n * period, however
    // long handlers take. If the loop falls more than a period behind, the missed
    // ticks are skipped (counted in Timer::skipped_ticks) and the schedule stays
    // on the same grid: protocols count ticks as time, and a burst of stale ticks
    // would fire election timeouts that no real silence caused.
    Timer every(Duration period, std::function<void()> fn, Phase phase = Phase::FullPeriod) {
        assert(period > Duration::zero());
        if (period <= Duration::zero()) period = std::chrono::milliseconds(1); // never spin
        auto state = std::make_shared<detail::TimerState>(io_);
        state->fn = std::move(fn);
        state->period = period;
        auto first = phase == Phase::Random ? random_duration(period) : period;
        state->deadline = Clock::now() + first;
        arm(state);
        return Timer(state);
    }

    // A uniformly random duration in [0, below); used for phases and backoff jitter.
    // Loop thread only (the generator is not shared with other threads).
    Duration random_duration(Duration below) {
        if (below <= Duration::zero()) return Duration::zero();
        std::uniform_int_distribution<Duration::rep> pick(0, below.count() - 1);
        return Duration(pick(rng_));
    }

    // Makes random phases and jitter reproducible (tests, replay).
    void seed(std::uint64_t seed) { rng_.seed(seed); }

private:
    // Records which thread runs the loop, for on_loop_thread().
    class OwnerScope {
    public:
        explicit OwnerScope(std::atomic<std::thread::id>& owner) : owner_(owner) {
            owner_.store(std::this_thread::get_id());
        }
        ~OwnerScope() { owner_.store(std::thread::id{}); }
        OwnerScope(const OwnerScope&) = delete;
        OwnerScope& operator=(const OwnerScope&) = delete;

    private:
        std::atomic<std::thread::id>& owner_;
    };

    static void arm(const std::shared_ptr<detail::TimerState>& state) {
        state->timer.expires_at(state->deadline);
        state->timer.async_wait([state](const asio::error_code& ec) { expired(state, ec); });
    }

    static void expired(const std::shared_ptr<detail::TimerState>& state,
                        const asio::error_code& ec) {
        if (ec || state->finished) return;
        if (state->period == Duration::zero()) {
            state->finished = true;
            auto fn = std::move(state->fn); // released after the call, not during it
            fn();
            return;
        }
        state->fn();
        if (state->finished) return; // the callback cancelled its own timer
        advance(*state);
        arm(state);
    }

    // Next deadline on the fixed grid, skipping ticks that are already past.
    static void advance(detail::TimerState& state) {
        state.deadline += state.period;
        auto now = Clock::now();
        if (state.deadline > now) return;
        auto missed = (now - state.deadline) / state.period + 1;
        state.deadline += missed * state.period;
        state.skipped += static_cast<std::uint64_t>(missed);
    }

    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_;
    std::atomic<std::thread::id> owner_{};
    std::mt19937_64 rng_;
};

} // namespace ivy::runtime
