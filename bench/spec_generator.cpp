#include "bench/spec_generator.h"

#include <algorithm>

namespace ivy::bench {
namespace {

// One unit of about 70 lines; `@` is replaced by the unit's number.
constexpr const char* kUnit = R"(
# ---- unit @
type id@
type val@

object node@ = {
    type msg = struct {
        src : id@,
        dst : id@,
        payload : val@,
        round : id@
    }

    relation voted(X:id@, Y:id@)
    relation leader(X:id@)
    function votes(X:id@) : val@
    individual current : id@
    relation lt(X:id@, Y:id@)

    axiom [lt_trans] lt(X,Y) & lt(Y,Z) -> lt(X,Z)
    axiom [lt_irrefl] ~lt(X,X)

    after init {
        voted(X,Y) := false;
        leader(X) := false
    }

    action vote(v:id@, c:id@) = {
        require ~voted(v,Y);
        voted(v,c) := true;
        if forall Y. lt(Y,c) | Y = c {
            leader(c) := true
        } else {
            current := c
        }
    }

    action tally(c:id@) returns (n:val@) = {
        var i := current;
        while lt(i, c)
            invariant [bounded] lt(current, i) | i = current
        {
            i := c;
            n := votes(i)
        };
        assert leader(c) -> exists V. voted(V,c)
    }

    action forward(m:msg) = {
        var m2 := m;
        m2.payload := votes(m.src);
        if some x:id@. voted(x, m.dst) {
            current := x
        };
        call vote(m2.src, m2.dst)
    }

    conjecture [one_leader] leader(X) & leader(Y) -> X = Y | lt(X,Y) & ~lt(Y,X)
    conjecture [voted_once] voted(V,X) & voted(V,Y) -> X = Y
}

isolate iso@ = node@ with node@.lt_trans
export node@.vote
export node@.tally
)";

} // namespace

std::string generate_spec(int lines) {
    const std::string unit = kUnit;
    const int unit_lines = static_cast<int>(std::count(unit.begin(), unit.end(), '\n'));
    std::string out = "#lang ivy1.7\n";
    for (int n = 0; n * unit_lines < lines; ++n) {
        std::string copy = unit;
        const std::string id = std::to_string(n);
        for (size_t at = copy.find('@'); at != std::string::npos; at = copy.find('@', at)) {
            copy.replace(at, 1, id);
            at += id.size();
        }
        out += copy;
    }
    return out;
}

} // namespace ivy::bench
