#include "verifier/src/fragment.h"

#include "ir/printer.h"
#include "support/diagnostic.h"

#include <map>
#include <set>
#include <unordered_map>

namespace ivy::verifier {
namespace {

using ir::Op;
using ir::SortId;
using ir::SymbolId;
using ir::TermId;
using ir::VarId;

enum class Polarity { Positive, Negative, Both };

Polarity flip(Polarity p) {
    return p == Polarity::Positive ? Polarity::Negative : p == Polarity::Negative ? Polarity::Positive : Polarity::Both;
}

struct Macro {
    std::vector<TermId> params; // Var terms
    TermId body;
};

// What a term contributes: the variable it is, if it is exactly a universal one
// (`top`), and the universals occurring strictly inside it or behind the skolem
// functions it uses (`under`).
struct Value {
    int top = -1;
    std::set<int> under;
};

struct Arc {
    int from, to;
    TermId term;      // the application where it arises
    size_t position;  // which argument
    SortId from_sort; // the universal's sort
    SortId to_sort;   // the argument's sort
    SourceLocation loc;
    std::optional<TermId> skolem; // the existential formula defining the argument
};

// A bound variable as the walk sees it.
struct Binding {
    bool universal = false;
    int node = -1;          // universal: its node
    std::set<int> deps;     // existential: the universals it depends on
    TermId quantifier = 0;  // existential: the formula that binds it
};

class Analysis {
public:
    Analysis(Workspace& ws, const FragmentInput& in) : ws_(ws), in_(in) {}

    std::optional<std::string> run() {
        // Definitions `forall X. f(X) = e` are macros: unfolded, not analysed.
        std::vector<LocatedFormula> rest;
        for (const LocatedFormula& f : in_.asserted)
            if (!take_macro(f.formula)) rest.push_back(f);
        for (const LocatedFormula& f : rest) {
            loc_ = f.loc;
            walk(unfold(f.formula), Polarity::Positive);
            if (error_) return error_;
        }
        return cycle();
    }

private:
    // ---------------------------------------------------------------- macros

    bool uninterpreted_symbol(SymbolId s) const {
        const ir::Symbol& sym = ws_.symbols[s];
        if (sym.kind == ir::Symbol::Kind::EnumValue || sym.kind == ir::Symbol::Kind::Numeral) return false;
        if (sym.kind == ir::Symbol::Kind::Builtin) return !in_.arithmetic(sym.domain[0]) && !in_.harmless(sym.domain[0]);
        return true;
    }

    bool mentions(TermId t, SymbolId s) {
        if (ws_.terms.op(t) == Op::App && ws_.terms.payload(t) == s) return true;
        for (TermId a : ws_.terms.args(t))
            if (mentions(a, s)) return true;
        return false;
    }

    bool take_macro(TermId f) {
        const ir::TermTable& t = ws_.terms;
        std::vector<TermId> bound;
        TermId body = f;
        if (t.op(f) == Op::Forall) {
            auto args = t.args(f);
            bound.assign(args.begin(), args.end() - 1);
            body = args.back();
        }
        if (t.op(body) != Op::Eq && t.op(body) != Op::Iff) return false;
        TermId lhs = t.arg(body, 0), rhs = t.arg(body, 1);
        if (t.op(lhs) != Op::App) return false;
        SymbolId s = t.payload(lhs);
        if (!uninterpreted_symbol(s) || macros_.count(s)) return false;
        auto args = t.args(lhs);
        if (std::vector<TermId>(args.begin(), args.end()) != bound) return false;
        if (std::set<TermId>(bound.begin(), bound.end()).size() != bound.size()) return false;
        if (mentions(rhs, s)) return false;
        macros_[s] = Macro{bound, rhs};
        return true;
    }

    TermId unfold(TermId t) {
        if (auto it = unfolded_.find(t); it != unfolded_.end()) return it->second;
        const ir::TermNode& n = ws_.terms.node(t);
        std::vector<TermId> args;
        for (TermId a : ws_.terms.args(t)) args.push_back(unfold(a));
        TermId out;
        auto m = n.op == Op::App ? macros_.find(n.payload) : macros_.end();
        if (m != macros_.end()) {
            std::map<VarId, TermId> by;
            for (size_t i = 0; i < m->second.params.size(); ++i) by[ws_.terms.payload(m->second.params[i])] = args[i];
            out = unfold(ws_.substitute(m->second.body, by));
        } else {
            out = ws_.terms.make(n.op, n.sort, args, n.payload);
        }
        unfolded_[t] = out;
        return out;
    }

    // ---------------------------------------------------------------- union-find

    int fresh_node() {
        parent_.push_back(static_cast<int>(parent_.size()));
        return parent_.back();
    }
    int find(int n) {
        while (parent_[n] != n) n = parent_[n] = parent_[parent_[n]];
        return n;
    }
    void unite(int a, int b) { parent_[find(a)] = find(b); }
    int argument_node(SymbolId f, size_t i) {
        auto [it, fresh] = arg_nodes_.try_emplace({f, i}, 0);
        if (fresh) it->second = fresh_node();
        return it->second;
    }
    int sort_node(SortId s) {
        auto [it, fresh] = sort_nodes_.try_emplace(s, 0);
        if (fresh) it->second = fresh_node();
        return it->second;
    }

    // ---------------------------------------------------------------- the walk

    bool has_vars(TermId t) {
        if (auto it = has_vars_.find(t); it != has_vars_.end()) return it->second;
        bool out = ws_.terms.op(t) == Op::Var;
        for (TermId a : ws_.terms.args(t)) out = out || has_vars(a);
        has_vars_[t] = out;
        return out;
    }

    // Universal variables of these sorts are the ones that matter.
    bool counts(SortId s) const { return s != ir::kBoolSort && !in_.harmless(s); }

    std::string text(TermId t) const { return ir::to_string(ws_.terms, ws_.symbols, ws_.program.sorts, t, true); }

    void fail_interpreted(TermId t, VarId v) {
        if (error_) return;
        const ir::Variable& info = ws_.terms.variable_info(v);
        std::string where = location_prefix(loc_);
        error_ = "error: The verification condition is not in the fragment FAU.\n\n"
                 "An interpreted symbol is applied to a universally quantified variable:\n" +
                 where + text(t) + "\n" + where + "The quantified variable is " + info.name + ":" +
                 ws_.sort_name(info.sort) + "\n";
    }

    // The universal variable `v` stands for, if the term is exactly one.
    std::optional<VarId> universal_var(TermId t) const {
        if (ws_.terms.op(t) != Op::Var) return std::nullopt;
        auto it = env_.find(ws_.terms.payload(t));
        if (it == env_.end() || it->second.empty() || !it->second.back().universal) return std::nullopt;
        return ws_.terms.payload(t);
    }

    static Value merge(const std::vector<Value>& vs) {
        Value out;
        for (const Value& v : vs) {
            out.under.insert(v.under.begin(), v.under.end());
            if (v.top >= 0) out.under.insert(v.top);
        }
        return out;
    }

    // An interpreted symbol meeting a universal variable: only `X < t`, `t < X`,
    // `X = t` (t ground) and strict comparisons of two variables are allowed.
    void interpreted(TermId t, const std::vector<Value>& vals, bool comparison, bool strict) {
        auto args = ws_.terms.args(t);
        for (size_t i = 0; i < vals.size(); ++i) {
            if (vals[i].top < 0) continue;
            std::optional<VarId> v = universal_var(args[i]);
            if (!comparison || vals.size() != 2) {
                fail_interpreted(t, v.value_or(0));
                return;
            }
            const Value& other = vals[1 - i];
            if (other.top < 0 && other.under.empty()) continue; // the other side is ground
            if (strict && other.top >= 0) {
                unite(vals[i].top, other.top);
                continue;
            }
            fail_interpreted(t, v.value_or(0));
            return;
        }
    }

    Value walk(TermId t, Polarity pol) {
        if (!has_vars(t) || error_) return {};
        auto key = std::make_pair(t, static_cast<int>(pol));
        if (auto it = memo_.back().find(key); it != memo_.back().end()) return it->second;
        Value out = walk_uncached(t, pol);
        memo_.back()[key] = out;
        return out;
    }

    Value walk_uncached(TermId t, Polarity pol) {
        const ir::TermTable& terms = ws_.terms;
        const ir::TermNode& n = terms.node(t);
        auto args = terms.args(t);
        auto walk_all = [&](Polarity p) {
            std::vector<Value> vals;
            for (TermId a : args) vals.push_back(walk(a, p));
            return vals;
        };
        switch (n.op) {
        case Op::Var: {
            auto it = env_.find(n.payload);
            if (it == env_.end() || it->second.empty()) return {};
            const Binding& b = it->second.back();
            if (b.universal) return b.node >= 0 ? Value{b.node, {}} : Value{};
            return Value{-1, b.deps};
        }
        case Op::Not: return walk(args[0], flip(pol));
        case Op::And:
        case Op::Or: return merge(walk_all(pol));
        case Op::Implies: return merge({walk(args[0], flip(pol)), walk(args[1], pol)});
        case Op::Iff: return merge(walk_all(Polarity::Both));
        case Op::Old: return walk(args[0], pol);
        case Op::Ite: {
            Value c = walk(args[0], Polarity::Both);
            Value a = walk(args[1], pol), b = walk(args[2], pol);
            if (a.top >= 0 && b.top >= 0) unite(a.top, b.top);
            Value out = merge({c, a, b});
            if (a.top >= 0 && b.top < 0) out.top = a.top;
            return out;
        }
        case Op::Eq: {
            std::vector<Value> vals = walk_all(Polarity::Both);
            SortId sort = terms.sort(args[0]);
            if (sort == ir::kBoolSort || in_.harmless(sort)) return merge(vals);
            if (in_.arithmetic(sort)) {
                interpreted(t, vals, true, false);
                return merge(vals);
            }
            int eq = sort_node(sort);
            for (size_t i = 0; i < vals.size(); ++i) {
                if (vals[i].top >= 0) unite(vals[i].top, eq);
                for (int u : vals[i].under)
                    arcs_.push_back(Arc{u, eq, t, i, node_sort(u), sort, loc_, std::nullopt});
            }
            return merge(vals);
        }
        case Op::Forall:
        case Op::Exists: {
            bool universal = (n.op == Op::Forall) != (pol == Polarity::Negative);
            std::vector<VarId> bound;
            for (size_t i = 0; i + 1 < args.size(); ++i) {
                VarId v = terms.payload(args[i]);
                Binding b;
                b.universal = universal;
                SortId sort = terms.sort(args[i]);
                if (universal && counts(sort)) {
                    b.node = fresh_node();
                    node_sorts_[b.node] = sort;
                } else if (!universal) {
                    // A skolem function of the universals around it that its scope uses.
                    std::set<VarId> free = ws_.free_vars(t);
                    for (const auto& [var, stack] : env_)
                        if (!stack.empty() && stack.back().universal && stack.back().node >= 0 && free.count(var))
                            b.deps.insert(stack.back().node);
                    b.quantifier = t;
                }
                env_[v].push_back(b);
                bound.push_back(v);
            }
            memo_.emplace_back();
            Value body = walk(args.back(), pol);
            memo_.pop_back();
            for (VarId v : bound) env_[v].pop_back();
            return Value{-1, body.under};
        }
        case Op::App: {
            SymbolId f = n.payload;
            std::vector<Value> vals = walk_all(Polarity::Both);
            if (uninterpreted_symbol(f)) {
                for (size_t i = 0; i < vals.size(); ++i) {
                    int node = argument_node(f, i);
                    if (vals[i].top >= 0) unite(node, vals[i].top);
                    std::optional<TermId> skolem = skolem_of(args[i]);
                    for (int u : vals[i].under)
                        arcs_.push_back(Arc{u, node, t, i, node_sort(u), terms.sort(args[i]), loc_, skolem});
                }
                return merge(vals);
            }
            const ir::Symbol& s = ws_.symbols[f];
            bool less = s.kind == ir::Symbol::Kind::Builtin && s.name == "<";
            bool strict = less && pol == Polarity::Positive;
            interpreted(t, vals, less, strict);
            return merge(vals);
        }
        default: return merge(walk_all(pol));
        }
    }

    std::optional<TermId> skolem_of(TermId arg) const {
        if (ws_.terms.op(arg) != Op::Var) return std::nullopt;
        auto it = env_.find(ws_.terms.payload(arg));
        if (it == env_.end() || it->second.empty() || it->second.back().universal) return std::nullopt;
        return it->second.back().quantifier;
    }

    SortId node_sort(int node) const {
        auto it = node_sorts_.find(node);
        return it == node_sorts_.end() ? ir::kBoolSort : it->second;
    }

    // ---------------------------------------------------------------- cycles

    std::optional<std::string> cycle() {
        std::map<int, std::vector<const Arc*>> out;
        for (const Arc& a : arcs_) out[find(a.from)].push_back(&a);
        std::map<int, int> state; // 0 new, 1 on stack, 2 done
        std::vector<const Arc*> path;
        std::optional<std::vector<const Arc*>> found;
        std::function<bool(int)> dfs = [&](int n) {
            state[n] = 1;
            for (const Arc* a : out[n]) {
                int m = find(a->to);
                path.push_back(a);
                if (state[m] == 1) {
                    // The cycle is the part of the path from m's first arc on.
                    auto start = std::find_if(path.begin(), path.end(), [&](const Arc* x) { return find(x->from) == m; });
                    found = std::vector<const Arc*>(start, path.end());
                    return true;
                }
                if (state[m] == 0 && dfs(m)) return true;
                path.pop_back();
            }
            state[n] = 2;
            return false;
        };
        for (const auto& [n, arcs] : out)
            if (state[n] == 0 && dfs(n)) break;
        if (!found) return std::nullopt;

        std::string msg = "error: The verification condition is not in the fragment FAU.\n\n"
                          "The following terms may generate an infinite sequence of instantiations:\n  \n";
        std::string sorts;
        for (const Arc* a : *found) {
            std::string where = location_prefix(a->loc);
            msg += where + text(a->term) + "\n";
            msg += "    (position " + std::to_string(a->position) + " is a function from " +
                   ws_.sort_name(a->from_sort) + " to " + ws_.sort_name(a->to_sort) + ")\n";
            if (a->skolem) msg += "    " + where + "skolem function defined by:\n         " + text(*a->skolem) + "\n";
            sorts += (sorts.empty() ? ws_.sort_name(a->from_sort) : std::string()) + " -> " + ws_.sort_name(a->to_sort);
        }
        msg += "(the cycle of sorts: " + sorts + ")\n";
        return msg;
    }

    Workspace& ws_;
    const FragmentInput& in_;
    std::map<SymbolId, Macro> macros_;
    std::unordered_map<TermId, TermId> unfolded_;
    std::unordered_map<TermId, bool> has_vars_;
    std::vector<int> parent_;
    std::map<std::pair<SymbolId, size_t>, int> arg_nodes_;
    std::map<SortId, int> sort_nodes_;
    std::map<int, SortId> node_sorts_;
    std::map<VarId, std::vector<Binding>> env_;
    std::vector<std::map<std::pair<TermId, int>, Value>> memo_{1};
    std::vector<Arc> arcs_;
    SourceLocation loc_;
    std::optional<std::string> error_;
};

} // namespace

std::optional<std::string> check_fragment(Workspace& ws, const FragmentInput& input) {
    return Analysis(ws, input).run();
}

} // namespace ivy::verifier
