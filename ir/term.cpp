#include "ir/term.h"

#include <algorithm>

namespace ivy::ir {
namespace {

std::size_t mix(std::size_t h, std::size_t v) {
    return h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
}

constexpr std::size_t kChunk = 1 << 16; // term arguments per arena chunk

} // namespace

std::size_t TermTable::Hash::operator()(const Probe& p) const {
    std::size_t h = mix(static_cast<std::size_t>(p.op), p.sort);
    h = mix(h, p.payload);
    for (TermId a : p.args) h = mix(h, a);
    return h;
}

std::size_t TermTable::Hash::operator()(TermId t) const {
    const TermNode& n = (*nodes)[t];
    return (*this)(Probe{n.op, n.sort, n.payload, {n.args, n.num_args}});
}

bool TermTable::Equal::operator()(const Probe& p, TermId t) const {
    const TermNode& n = (*nodes)[t];
    return n.op == p.op && n.sort == p.sort && n.payload == p.payload &&
           std::equal(p.args.begin(), p.args.end(), n.args, n.args + n.num_args);
}

TermTable::TermTable() : index_(1024, Hash{nodes_.get()}, Equal{nodes_.get()}) {
    true_ = make(Op::True, kBoolSort, {});
    false_ = make(Op::False, kBoolSort, {});
}

TermTable::TermTable(const TermTable& other) : TermTable() {
    // Nodes were made in dependency order, so making them again in the same order
    // gives every one the same id; the two constants are already there.
    for (TermId t = 2; t < other.size(); ++t) {
        const TermNode& n = other.node(t);
        make(n.op, n.sort, other.args(t), n.payload);
    }
    vars_ = other.vars_;
    var_index_ = other.var_index_;
}

const TermId* TermTable::store_args(std::span<const TermId> args) {
    if (args.empty()) return nullptr;
    if (chunk_used_ + args.size() > chunk_size_) {
        chunk_size_ = std::max(kChunk, args.size());
        arg_chunks_.push_back(std::make_unique<TermId[]>(chunk_size_));
        chunk_used_ = 0;
    }
    TermId* out = arg_chunks_.back().get() + chunk_used_;
    std::copy(args.begin(), args.end(), out);
    chunk_used_ += args.size();
    return out;
}

TermId TermTable::make(Op op, SortId sort, std::span<const TermId> args, std::uint32_t payload) {
    Probe probe{op, sort, payload, args};
    if (auto it = index_.find(probe); it != index_.end()) return *it;
    auto id = static_cast<TermId>(nodes_->size());
    nodes_->push_back(TermNode{op, sort, payload, static_cast<std::uint32_t>(args.size()),
                              store_args(args)});
    index_.insert(id);
    return id;
}

TermId TermTable::var(VarId v, SortId sort) { return make(Op::Var, sort, {}, v); }

TermId TermTable::app(SymbolId symbol, SortId sort, std::span<const TermId> args) {
    return make(Op::App, sort, args, symbol);
}

TermId TermTable::not_(TermId a) { return make(Op::Not, kBoolSort, {&a, 1}); }

TermId TermTable::and_(std::span<const TermId> args) {
    if (args.empty()) return true_;
    if (args.size() == 1) return args[0];
    return make(Op::And, kBoolSort, args);
}

TermId TermTable::or_(std::span<const TermId> args) {
    if (args.empty()) return false_;
    if (args.size() == 1) return args[0];
    return make(Op::Or, kBoolSort, args);
}

TermId TermTable::implies(TermId a, TermId b) {
    TermId args[] = {a, b};
    return make(Op::Implies, kBoolSort, args);
}

TermId TermTable::iff(TermId a, TermId b) {
    TermId args[] = {a, b};
    return make(Op::Iff, kBoolSort, args);
}

TermId TermTable::eq(TermId a, TermId b) {
    TermId args[] = {a, b};
    return make(Op::Eq, kBoolSort, args);
}

TermId TermTable::ite(TermId c, TermId a, TermId b) {
    TermId args[] = {c, a, b};
    return make(Op::Ite, sort(a), args);
}

TermId TermTable::quant(Op forall_or_exists, std::span<const TermId> vars, TermId body) {
    std::vector<TermId> args(vars.begin(), vars.end());
    args.push_back(body);
    return make(forall_or_exists, kBoolSort, args);
}

TermId TermTable::old(TermId a) { return make(Op::Old, sort(a), {&a, 1}); }

VarId TermTable::variable(const std::string& name, SortId sort) {
    std::string key = name + ":" + std::to_string(sort);
    if (auto it = var_index_.find(key); it != var_index_.end()) return it->second;
    auto id = static_cast<VarId>(vars_.size());
    vars_.push_back(Variable{name, sort});
    var_index_.emplace(std::move(key), id);
    return id;
}

} // namespace ivy::ir
