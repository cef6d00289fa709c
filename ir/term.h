// Terms and formulas of a Program, hash-consed.
//
// Ivy does not separate terms from formulas: a formula is a term of sort bool. Every
// term lives once in a TermTable and is named by a TermId, so equal terms have equal
// ids, comparing them is free, and the verifier can cache work per term. Terms carry
// no source location (they are shared); declarations, formulas and statements that
// contain them do.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ivy::ir {

using SortId = std::uint32_t;
using SymbolId = std::uint32_t;
using TermId = std::uint32_t;
using VarId = std::uint32_t;

inline constexpr SortId kBoolSort = 0; // every Program's sort 0

enum class Op : std::uint8_t {
    Var,     // a logical variable (payload: VarId)
    App,     // a symbol applied to args; constants have none (payload: SymbolId)
    True,
    False,
    Not,     // 1 arg
    And,     // n args
    Or,      // n args
    Implies, // 2 args
    Iff,     // 2 args
    Eq,      // 2 args of the same sort
    Ite,     // condition, then, else
    Forall,  // args: the bound Var terms, then the body
    Exists,  // args: the bound Var terms, then the body
    Old,     // the value of its argument when the enclosing action began
};

struct TermNode {
    Op op;
    SortId sort;
    std::uint32_t payload;  // SymbolId for App, VarId for Var, unused otherwise
    std::uint32_t num_args;
    const TermId* args;     // owned by the table's argument arena
};

// A logical variable: its name as written (`X`) and its sort.
struct Variable {
    std::string name;
    SortId sort;
};

// The store of all terms of a Program. Adding is not thread-safe; reading is, and
// references to nodes stay valid as the table grows.
class TermTable {
public:
    TermTable();
    // A copy keeps every id: a checker extends its own copy of a Program's terms.
    TermTable(const TermTable& other);
    TermTable& operator=(const TermTable&) = delete;
    TermTable(TermTable&&) noexcept = default;
    TermTable& operator=(TermTable&&) noexcept = default;

    TermId var(VarId v, SortId sort);
    TermId app(SymbolId symbol, SortId sort, std::span<const TermId> args = {});
    TermId make(Op op, SortId sort, std::span<const TermId> args, std::uint32_t payload = 0);

    TermId true_term() const { return true_; }
    TermId false_term() const { return false_; }
    TermId not_(TermId a);
    TermId and_(std::span<const TermId> args); // flattens nothing; 0 args is true
    TermId or_(std::span<const TermId> args);  // 0 args is false
    TermId implies(TermId a, TermId b);
    TermId iff(TermId a, TermId b);
    TermId eq(TermId a, TermId b);
    TermId ite(TermId c, TermId a, TermId b);
    TermId quant(Op forall_or_exists, std::span<const TermId> vars, TermId body);
    TermId old(TermId a);

    VarId variable(const std::string& name, SortId sort); // interned by (name, sort)
    const Variable& variable_info(VarId v) const { return vars_[v]; }

    const TermNode& node(TermId t) const { return (*nodes_)[t]; }
    Op op(TermId t) const { return node(t).op; }
    SortId sort(TermId t) const { return node(t).sort; }
    std::span<const TermId> args(TermId t) const { return {node(t).args, node(t).num_args}; }
    TermId arg(TermId t, std::size_t i) const { return args(t)[i]; }
    std::uint32_t payload(TermId t) const { return node(t).payload; }
    std::size_t size() const { return nodes_->size(); }

private:
    // A term not yet in the table, for lookups (heterogeneous with stored ids).
    struct Probe {
        Op op;
        SortId sort;
        std::uint32_t payload;
        std::span<const TermId> args;
    };
    using Nodes = std::deque<TermNode>;
    struct Hash {
        using is_transparent = void;
        const Nodes* nodes;
        std::size_t operator()(const Probe& p) const;
        std::size_t operator()(TermId t) const;
    };
    struct Equal {
        using is_transparent = void;
        const Nodes* nodes;
        bool operator()(TermId a, TermId b) const { return a == b; }
        bool operator()(const Probe& p, TermId t) const;
        bool operator()(TermId t, const Probe& p) const { return (*this)(p, t); }
    };

    const TermId* store_args(std::span<const TermId> args);

    // On the heap so that the index's hash functions, which point at it, survive a
    // move of the table.
    std::unique_ptr<Nodes> nodes_ = std::make_unique<Nodes>();
    std::vector<std::unique_ptr<TermId[]>> arg_chunks_;
    std::size_t chunk_used_ = 0, chunk_size_ = 0;
    std::unordered_set<TermId, Hash, Equal> index_;
    std::deque<Variable> vars_;
    std::unordered_map<std::string, VarId> var_index_; // "name:sort"
    TermId true_ = 0, false_ = 0;
};

} // namespace ivy::ir
