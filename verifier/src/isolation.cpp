#include "verifier/src/isolation.h"

#include "ir/walk.h"

#include <algorithm>
#include <functional>

namespace ivy::verifier {
namespace {

using ir::ActionId;
using ir::Program;
using ir::Visibility;

const std::string kRoot = "this";

// `a.b[c.d].e` -> `a.b[c.d]`; a top-level name's parent is the root `this`.
std::string parent_of(const std::string& name) {
    int depth = 0;
    for (size_t i = name.size(); i-- > 0;) {
        char c = name[i];
        if (c == ']') ++depth;
        if (c == '[') --depth;
        if (c == '.' && depth == 0) return name.substr(0, i);
    }
    return kRoot;
}

std::string last_component(const std::string& name) {
    std::string parent = parent_of(name);
    return parent == kRoot ? name : name.substr(parent.size() + 1);
}

bool hidden(Visibility v) { return v == Visibility::Impl || v == Visibility::Private; }

// Every name a visibility test may meet, and whether the declaration it names was
// written in an implementation or private section (or is an object named `impl`).
class Tags {
public:
    explicit Tags(const Program& p) {
        for (const ir::Object& o : p.objects)
            if (!o.name.empty()) add(o.name, o.origin.visibility, true);
        for (const ir::Sort& s : p.sorts) add(s.name, s.origin.visibility);
        for (const ir::Symbol& s : p.symbols)
            if (p.symbol_index.count(s.name)) add(s.name, s.origin.visibility);
        for (const ir::Action& a : p.actions) {
            add(a.name, a.origin.visibility);
            if (!a.implementation_name.empty()) add(a.implementation_name, a.implementation->visibility);
            for (const ir::Monitor& m : a.befores) add(m.name, m.origin.visibility);
            for (const ir::Monitor& m : a.afters) add(m.name, m.origin.visibility);
        }
        for (const ir::Fact& f : p.facts) add(f.label, f.origin.visibility);
        for (const ir::Definition& d : p.definitions) add(d.label, d.origin.visibility);
        for (const ir::Interpretation& i : p.interpretations) add(i.label, i.origin.visibility);
        for (const ir::Initializer& i : p.initializers) add(i.name, i.origin.visibility);
    }
    bool priv(const std::string& name) const {
        if (impl_objects_.count(name)) return true;
        auto it = visibility_.find(name);
        if (it == visibility_.end() || !hidden(it->second)) return false;
        // A section tags the names declared in it, not the members of objects and
        // instances declared in it, which inherit their parent's visibility.
        auto parent = visibility_.find(parent_of(name));
        return parent == visibility_.end() || parent->second != it->second;
    }

private:
    void add(const std::string& name, Visibility v, bool object = false) {
        if (name.empty()) return;
        visibility_.emplace(name, v);
        if (object && last_component(name) == "impl") impl_objects_.insert(name);
    }
    std::map<std::string, Visibility> visibility_;
    std::set<std::string> impl_objects_;
};

// One isolate's answers to "is this name present / verified here?".
class Scope {
public:
    Scope(const Tags& tags, const std::set<std::string>& roots, const std::vector<std::string>& verified_list,
          const std::vector<std::string>& with_list, const std::set<std::string>& all_names)
        : tags_(tags), roots_(roots) {
        ver_.insert(verified_list.begin(), verified_list.end());
        // The isolate's own hidden parts: private names under a verified name, found
        // before `this` or another isolate's root.
        for (const std::string& name : all_names) {
            if (!tags_.priv(name) || roots_.count(name)) continue;
            for (std::string a = parent_of(name);; a = parent_of(a)) {
                if (ver_.count(a) && a != kRoot) {
                    ver_.insert(name);
                    break;
                }
                if (a == kRoot || roots_.count(a)) break;
            }
        }
        pres_ = ver_;
        pres_.insert(with_list.begin(), with_list.end());
    }

    bool present(const std::string& name) const {
        for (std::string n = name;; n = parent_of(n)) {
            if (pres_.count(n)) return true;
            if (n == kRoot || tags_.priv(n)) return false;
        }
    }

    bool verified(const std::string& name) const {
        for (std::string n = name;; n = parent_of(n)) {
            if (ver_.count(n)) return true;
            if (n == kRoot || tags_.priv(n) || roots_.count(n)) return false;
        }
    }

private:
    const Tags& tags_;
    const std::set<std::string>& roots_;
    std::set<std::string> ver_, pres_;
};

// Who calls whom: for each action, the callers' names (action bodies by their
// implementing name, monitors by theirs, initializers, native code).
struct CallGraph {
    std::map<ActionId, std::vector<std::string>> callers; // callee -> caller entity names
    std::map<std::string, std::set<ActionId>> callees;    // caller entity name -> callees

    void add(const std::string& caller, ActionId callee) {
        callers[callee].push_back(caller);
        callees[caller].insert(callee);
    }
};

void collect_calls(const ir::Block& b, const std::function<void(ActionId)>& out) {
    ir::for_each_stmt(b, [&](const ir::Stmt& s) {
        if (const auto* c = std::get_if<ir::CallStmt>(&s.node)) out(c->callee);
    });
}

void collect_native_calls(const Program& p, const ir::NativeCode& code, const std::function<void(ActionId)>& out) {
    for (const ir::NativeCode::Piece& piece : code.pieces)
        if (piece.kind == ir::NativeCode::Piece::Kind::Action || piece.kind == ir::NativeCode::Piece::Kind::Type)
            if (auto a = p.find_action(piece.text)) out(*a);
}

std::string body_name(const ir::Action& a) {
    return a.implementation_name.empty() ? a.name : a.implementation_name;
}

CallGraph call_graph(const Program& p) {
    CallGraph g;
    for (const ir::Action& a : p.actions) {
        const std::string body = body_name(a);
        collect_calls(a.body, [&](ActionId c) { g.add(body, c); });
        collect_native_calls(p, a.native_body, [&](ActionId c) { g.add(body, c); });
        for (const ir::Monitor& m : a.befores) collect_calls(m.body, [&](ActionId c) { g.add(m.name, c); });
        for (const ir::Monitor& m : a.afters) collect_calls(m.body, [&](ActionId c) { g.add(m.name, c); });
    }
    for (const ir::Initializer& i : p.initializers) collect_calls(i.body, [&](ActionId c) { g.add(i.name, c); });
    for (const ir::NativeBlock& n : p.natives) {
        const std::string name = n.origin.object.empty() ? kRoot : n.origin.object;
        collect_native_calls(p, n.code, [&](ActionId c) { g.add(name + ".<native>", c); });
    }
    return g;
}

// Whether an action has an effect a caller could see: it assigns state or asserts.
bool has_effect(const ir::Action& a) {
    auto block = [](const ir::Block& b) {
        bool found = false;
        ir::for_each_stmt(b, [&](const ir::Stmt& s) {
            found = found || std::holds_alternative<ir::AssignStmt>(s.node) ||
                    std::holds_alternative<ir::HavocStmt>(s.node) || std::holds_alternative<ir::AssertStmt>(s.node) ||
                    std::holds_alternative<ir::CallStmt>(s.node) || std::holds_alternative<ir::NativeStmt>(s.node);
        });
        return found;
    };
    if (a.body_kind == ir::Action::BodyKind::Native) return true;
    if (block(a.body)) return true;
    for (const ir::Monitor& m : a.befores)
        if (block(m.body)) return true;
    for (const ir::Monitor& m : a.afters)
        if (block(m.body)) return true;
    return false;
}

std::vector<std::string> member_names(const std::vector<ir::Isolate::Member>& members) {
    std::vector<std::string> out;
    for (const ir::Isolate::Member& m : members) out.push_back(m.name);
    return out;
}

// The members of a parameterised isolate passed its parameter: `p(me)`.
std::vector<IsolateView::Stripped> stripped_objects(const ir::Isolate& iso) {
    std::vector<IsolateView::Stripped> out;
    for (const ir::Isolate::Member& m : iso.verified) {
        if (m.args.empty()) continue;
        for (size_t i = 0; i < iso.param_names.size(); ++i)
            if (m.args[0] == iso.param_names[i]) out.push_back({m.name, iso.param_names[i], iso.param_sorts[i]});
    }
    return out;
}

} // namespace

std::vector<std::string> isolate_names(const Program& p) {
    std::vector<std::string> names{kRoot};
    for (const ir::Isolate& iso : p.isolates)
        if (!iso.extract) names.push_back(iso.name);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

std::map<std::string, IsolateView> isolate_views(const Program& p) {
    const Tags tags(p);
    std::set<std::string> roots{kRoot};
    for (const ir::Isolate& iso : p.isolates)
        if (!iso.extract)
            for (const ir::Isolate::Member& m : iso.verified) roots.insert(m.name);

    std::set<std::string> all_names;
    for (const ir::Object& o : p.objects) all_names.insert(o.name);
    for (const ir::Sort& s : p.sorts) all_names.insert(s.name);
    for (const auto& [name, id] : p.symbol_index) all_names.insert(name);
    for (const ir::Action& a : p.actions) {
        all_names.insert(a.name);
        if (!a.implementation_name.empty()) all_names.insert(a.implementation_name);
        for (const ir::Monitor& m : a.befores) all_names.insert(m.name);
        for (const ir::Monitor& m : a.afters) all_names.insert(m.name);
    }
    for (const ir::Fact& f : p.facts) all_names.insert(f.label);
    for (const ir::Definition& d : p.definitions) all_names.insert(d.label);
    for (const ir::Interpretation& i : p.interpretations) all_names.insert(i.label);
    for (const ir::Initializer& i : p.initializers) all_names.insert(i.name);

    std::set<std::string> objects;
    for (const ir::Object& o : p.objects) objects.insert(o.name);
    const CallGraph graph = call_graph(p);
    std::map<std::string, IsolateView> views;

    for (const std::string& name : isolate_names(p)) {
        IsolateView v;
        v.name = name;
        std::vector<std::string> verified_list{kRoot}, with_list;
        for (const ir::Isolate& iso : p.isolates)
            if (!iso.extract && iso.name == name) {
                v.isolate = &iso;
                v.trusted = iso.trusted;
                verified_list = member_names(iso.verified);
                with_list = member_names(iso.with);
                v.stripped = stripped_objects(iso);
            }
        const Scope scope(tags, roots, verified_list, with_list, all_names);

        // Actions are judged by the name of what implements them.
        for (const ir::Action& a : p.actions) {
            const std::string body = body_name(a);
            v.action_roles.push_back(scope.verified(body)  ? Role::Verified
                                     : scope.present(body) ? Role::Present
                                                           : Role::Opaque);
            v.declaration_present.push_back(scope.present(a.name));
            v.declaration_verified.push_back(scope.verified(a.name));
            auto monitors = [&](const std::vector<ir::Monitor>& ms, std::vector<bool>& present,
                                std::vector<bool>& verified) {
                for (const ir::Monitor& m : ms) {
                    present.push_back(scope.present(m.name));
                    verified.push_back(scope.verified(m.name));
                }
            };
            v.before_present.emplace_back();
            v.before_verified.emplace_back();
            v.after_present.emplace_back();
            v.after_verified.emplace_back();
            monitors(a.befores, v.before_present.back(), v.before_verified.back());
            monitors(a.afters, v.after_present.back(), v.after_verified.back());
        }

        // Facts.
        std::set<std::string> with_names(with_list.begin(), with_list.end());
        for (const ir::Fact& f : p.facts) {
            const bool present = scope.present(f.label) || with_names.count(f.label);
            const bool verified = scope.verified(f.label);
            switch (f.kind) {
            case ir::Fact::Kind::Axiom:
                if (present && (!f.explicit_ || with_names.count(f.label))) v.axioms.push_back(&f);
                break;
            case ir::Fact::Kind::Property:
                if (present && (!f.explicit_ || with_names.count(f.label) || verified))
                    v.properties.push_back({&f, verified});
                break;
            case ir::Fact::Kind::Conjecture:
                if (verified) v.invariants.push_back(&f);
                else if (present && (!f.explicit_ || with_names.count(f.label))) v.assumptions.push_back(&f);
                break;
            }
        }
        // Borrowed invariants declared before the first own one are assumed at exit too.
        for (const ir::Fact& f : p.facts) {
            if (f.kind != ir::Fact::Kind::Conjecture) continue;
            if (std::find(v.invariants.begin(), v.invariants.end(), &f) != v.invariants.end()) break;
            if (std::find(v.assumptions.begin(), v.assumptions.end(), &f) != v.assumptions.end())
                v.assumed_at_exit.insert(&f);
        }

        for (const ir::Definition& d : p.definitions)
            if (scope.present(d.label) || with_names.count(d.label)) v.definitions.push_back(&d);
        // An interpretation is kept when its label is present, or when its sort is
        // named in the isolate itself and is not also an object (whose hidden parts
        // would then leak: `with node` does not reveal node's implementation).
        std::set<std::string> listed(verified_list.begin(), verified_list.end());
        listed.insert(with_list.begin(), with_list.end());
        for (const ir::Interpretation& in : p.interpretations) {
            const std::string sort = p.sort_name(in.sort);
            const bool named = listed.count(sort) && !objects.count(sort);
            if (named || (!in.label.empty() && scope.present(in.label)) || (in.label.empty() && scope.present(sort)))
                v.interpretations.push_back(&in);
        }
        for (const ir::Initializer& i : p.initializers)
            if (scope.present(i.name)) {
                v.initializers.push_back(&i);
                v.initializer_verified.push_back(scope.verified(i.name));
            }

        // External actions (docs/verification.md 2.5).
        std::set<ActionId> exported;
        for (ActionId id = 0; id < p.actions.size(); ++id) {
            const ir::Action& a = p.actions[id];
            if (a.exported && scope.present(a.name)) exported.insert(id);
            auto it = graph.callers.find(id);
            if (it == graph.callers.end()) continue;
            bool outside = std::any_of(it->second.begin(), it->second.end(),
                                       [&](const std::string& caller) { return !scope.present(caller); });
            if (!outside) continue;
            v.called_from_outside.insert(id);
            bool present_monitor =
                std::find(v.before_present[id].begin(), v.before_present[id].end(), true) != v.before_present[id].end() ||
                std::find(v.after_present[id].begin(), v.after_present[id].end(), true) != v.after_present[id].end();
            if ((v.action_roles[id] != Role::Opaque && has_effect(a)) || present_monitor) exported.insert(id);
        }
        v.exports.assign(exported.begin(), exported.end());
        std::sort(v.exports.begin(), v.exports.end(),
                  [&](ActionId a, ActionId b) { return p.actions[a].name < p.actions[b].name; });
        views.emplace(name, std::move(v));
    }
    return views;
}

std::map<const ir::Fact*, std::string> conjecture_owners(const Program&,
                                                         const std::map<std::string, IsolateView>& views) {
    std::map<const ir::Fact*, std::string> owners;
    for (const auto& [name, v] : views)
        for (const ir::Fact* f : v.invariants) owners[f] = name;
    return owners;
}

} // namespace ivy::verifier
