// Generated classes at work: tests/codegen/specs/*.ivy, extracted at build time
// (target=class), driven here through their exported actions the way an
// embedder drives them, with imported actions and checks overridden.
#include "callbacks.h"
#include "sorts.h"

#include <gtest/gtest.h>

namespace {

// ---- sorts.ivy: state of every kind of sort

TEST(GeneratedClass, InitialState) {
    sorts s;
    s.__init();
    EXPECT_FALSE(s.store__flag);
    EXPECT_EQ(s.store__c, sorts::red);
    EXPECT_EQ(s.store__n, 0);
    EXPECT_TRUE(s.store__arr.empty());
    EXPECT_FALSE(s.ext__store__is_seen(3));
    EXPECT_FALSE(s.ext__store__all_lit());
}

TEST(GeneratedClass, ScalarsOfEverySort) {
    sorts s;
    s.__init();
    s.ext__store__set_scalars(true, sorts::blue, 42, 7, 200, 5, -3, "hi there");
    EXPECT_TRUE(s.store__flag);
    EXPECT_EQ(s.store__c, sorts::blue);
    EXPECT_EQ(s.store__i, 42);
    EXPECT_EQ(s.store__s, 7);
    EXPECT_EQ(s.store__w, 200u);
    EXPECT_EQ(s.store__k, 5u);
    EXPECT_EQ(s.store__n, -3);
    EXPECT_EQ(s.store__str, "hi there");
    // Arithmetic at each interpreted sort.
    EXPECT_EQ(s.ext__store__add_word(100), (200u + 100u) & 0xffu); // bv[8] wraps
    EXPECT_EQ(s.ext__store__sub_count(9), 0u);                     // nat stops at 0
    EXPECT_EQ(s.ext__store__sub_count(2), 3u);
    EXPECT_EQ(s.ext__store__add_small(5), 9); // {0..9}: clamped
}

TEST(GeneratedClass, StructsAndFieldUpdates) {
    sorts s;
    s.__init();
    sorts::point p;
    p.px = 1;
    p.py = 2;
    p.tag = sorts::green;
    s.ext__store__set_point(p);
    s.ext__store__move(10);
    EXPECT_EQ(s.store__p.px, 11);
    EXPECT_EQ(s.store__p.py, 2);
    EXPECT_EQ(s.store__p.tag, sorts::green);
    s.ext__store__set_cell(sorts::red, sorts::blue, p);
    EXPECT_EQ(s.store__grid.get(sorts::red, sorts::blue).py, 2);
    s.ext__store__clear_grid(); // grid(A, B).px := 0 at every point
    EXPECT_EQ(s.store__grid.get(sorts::red, sorts::blue).px, 0);
    EXPECT_EQ(s.store__grid.get(sorts::red, sorts::blue).py, 2);
}

TEST(GeneratedClass, RelationsAndFunctions) {
    sorts s;
    s.__init();
    s.ext__store__mark(5);
    s.ext__store__mark(-7);
    EXPECT_TRUE(s.ext__store__is_seen(5));
    EXPECT_TRUE(s.ext__store__is_seen(-7));
    EXPECT_FALSE(s.ext__store__is_seen(6));
    EXPECT_EQ(s.store__seen.stored_points(), 2u);
    s.ext__store__unmark(5);
    EXPECT_EQ(s.store__seen.stored_points(), 1u) << "points back at the default are forgotten";

    EXPECT_EQ(s.ext__store__brightest(), sorts::red);
    s.ext__store__light(sorts::green);
    EXPECT_EQ(s.ext__store__brightest(), sorts::green);
    s.ext__store__light(sorts::blue);
    s.ext__store__light(sorts::red);
    EXPECT_EQ(s.ext__store__brightest(), sorts::blue) << "maximizing";
    EXPECT_TRUE(s.ext__store__all_lit());

    s.ext__store__set_score(1, sorts::red, 10);
    s.ext__store__set_score(1, sorts::blue, 20);
    EXPECT_EQ(s.store__score.get(1, sorts::red), 10);
    EXPECT_EQ(s.store__score.get(1, sorts::blue), 20);
    EXPECT_EQ(s.store__score.get(2, sorts::blue), 0);
    s.ext__store__reset_scores(4); // score(I, C) := v everywhere
    EXPECT_EQ(s.store__score.get(1, sorts::red), 4);
    EXPECT_EQ(s.store__score.get(99, sorts::green), 4);
}

TEST(GeneratedClass, Arrays) {
    sorts s;
    s.__init();
    for (int v : {3, 4, 5}) s.ext__store__push(v);
    ASSERT_EQ(s.store__arr.size(), 3u);
    EXPECT_EQ(s.store__arr[2], 5);
    EXPECT_EQ(s.ext__store__total(), 12);
}

// ---- snapshots: save/load of the whole state

void fill(sorts& s) {
    s.ext__store__set_scalars(true, sorts::green, -12, 3, 17, 1000, 77, std::string("with\0nul", 8));
    sorts::point p;
    p.px = -1;
    p.py = 9;
    p.tag = sorts::blue;
    s.ext__store__set_point(p);
    s.ext__store__push(8);
    s.ext__store__push(-8);
    s.ext__store__mark(123456);
    s.ext__store__light(sorts::blue);
    s.ext__store__set_score(4, sorts::green, 44);
    s.ext__store__set_cell(sorts::green, sorts::red, p);
}

// The snapshot of a state holding a value of every sort kind.
std::string filled_snapshot() {
    sorts a;
    a.__init();
    fill(a);
    return a.save();
}

TEST(GeneratedClassSnapshot, RoundTripOfEverySortKind) {
    std::string bytes = filled_snapshot();
    sorts b;
    b.__init();
    b.load(bytes);
    EXPECT_EQ(b.save(), bytes);
    EXPECT_TRUE(b.store__flag);
    EXPECT_EQ(b.store__c, sorts::green);
    EXPECT_EQ(b.store__i, -12);
    EXPECT_EQ(b.store__s, 3);
    EXPECT_EQ(b.store__w, 17u);
    EXPECT_EQ(b.store__k, 1000u);
    EXPECT_EQ(b.store__n, 77);
    EXPECT_EQ(b.store__str, std::string("with\0nul", 8));
    EXPECT_EQ(b.store__p.py, 9);
    EXPECT_EQ(b.store__arr, (std::vector<int>{8, -8}));
    EXPECT_TRUE(b.ext__store__is_seen(123456));
    EXPECT_EQ(b.ext__store__brightest(), sorts::blue);
    EXPECT_EQ(b.store__score.get(4, sorts::green), 44);
    EXPECT_EQ(b.store__grid.get(sorts::green, sorts::red).tag, sorts::blue);
}

TEST(GeneratedClassSnapshot, MalformedSnapshotChangesNothing) {
    std::string bytes = filled_snapshot();
    sorts b;
    b.__init();
    std::string before = b.save();
    for (size_t cut : {size_t(0), size_t(5), bytes.size() / 2, bytes.size() - 1}) {
        EXPECT_THROW(b.load(std::string_view(bytes).substr(0, cut)), ivy::runtime::DecodeError) << cut;
        EXPECT_EQ(b.save(), before) << "cut at " << cut;
    }
    EXPECT_THROW(b.load(bytes + "x"), ivy::runtime::DecodeError) << "trailing bytes";
    // An enum value out of range is rejected.
    std::string bad = bytes;
    bad[8 * 2 - 1] = 9; // store.c is the second value: 8 bytes big-endian
    EXPECT_THROW(b.load(bad), ivy::runtime::DecodeError);
    EXPECT_EQ(b.save(), before);
}

// ---- callbacks.ivy: imported actions, in/out parameters, checks

class Embedder : public callbacks {
public:
    std::vector<int> outs;
    std::vector<std::string> failures;

    void imp__out(int x) override { outs.push_back(x); }
    int imp__ask(int x) override { return 2 * x; }
    void ivy_assert(bool ok, const char* where) override {
        if (!ok) failures.push_back(std::string("assert ") + where);
    }
    void ivy_assume(bool ok, const char* where) override {
        if (!ok) failures.push_back(std::string("assume ") + where);
    }
};

TEST(GeneratedClassCallbacks, ImportedActionsAreVirtual) {
    Embedder e;
    e.__init();
    EXPECT_EQ(e.ext__svc__run(5), 12); // out(5), then ask(6) = 12
    EXPECT_EQ(e.outs, std::vector<int>{5});
    EXPECT_EQ(e.svc__calls, 1);
    EXPECT_EQ(e.ext__svc__twice(21), 42);
}

TEST(GeneratedClassCallbacks, ChecksReportFileAndLine) {
    Embedder e;
    e.__init();
    e.ext__svc__positive(3);
    e.ext__svc__checked(6);
    EXPECT_TRUE(e.failures.empty());
    e.ext__svc__positive(0);
    e.ext__svc__checked(7);
    EXPECT_EQ(e.failures, (std::vector<std::string>{"assume callbacks.ivy: line 30", "assert callbacks.ivy: line 36"}));
}

TEST(GeneratedClassCallbacks, DefaultImportsDoNothing) {
    callbacks c;
    c.__init();
    EXPECT_EQ(c.ext__svc__run(1), 0) << "the default imp__ask returns the default value";
}

} // namespace
