// The `ivy check` driver: isolates one by one, their checks solved in parallel, the
// report in Ivy's format (docs/verification.md 3.5 and 6).
#include "verifier/check.h"

#include "ir/printer.h"
#include "verifier/src/coverage.h"
#include "verifier/src/cti.h"
#include "verifier/src/fragment.h"
#include "verifier/src/interference.h"
#include "verifier/src/isolation.h"
#include "verifier/src/solver_pool.h"
#include "verifier/src/vcgen.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <sstream>
#include <thread>

namespace ivy::verifier {
namespace {

using ir::ActionId;
using ir::TermId;

std::string loc_text(SourceLocation loc) { return loc.known() ? location_prefix(loc) : "(internal) "; }

const char* verdict_text(Outcome o) { return o == Outcome::Pass ? "PASS" : "FAIL"; }

bool same_line(SourceLocation a, SourceLocation b) { return a.file == b.file && a.line == b.line; }

// Where an action's code is, for "implementation of ACTION".
SourceLocation implementation_loc(const ir::Action& a) {
    if (!a.body.empty()) return a.body.front().loc;
    return a.implementation ? a.implementation->loc : a.origin.loc;
}

// One isolate: its VCs, the jobs that solve them, and the report they fill in.
std::vector<ir::SymbolId> state_symbols(const Workspace& ws, const Job& job);

class IsolateRun {
public:
    IsolateRun(const ir::Program& p, const IsolateView& view, const std::map<std::string, IsolateView>& views,
               const CheckOptions& options, Diagnostics& diags)
        : p_(p), view_(view), options_(options), diags_(diags), ws_(p), vc_(ws_, view, views, diags) {
        std::vector<std::pair<std::string, TermId>> bound;
        for (const IsolateView::Stripped& s : view.stripped)
            bound.emplace_back(s.object, ws_.app(ws_.fresh(s.parameter, {}, s.sort, ir::Symbol::Kind::Parameter)));
        ws_.bind_isolate_parameters(bound);
    }

    // Builds every VC; false when the isolate cannot be checked (an error was reported).
    bool build(std::string& error);
    std::vector<Job>& jobs() { return jobs_; }
    // The jobs in the order the report shows their results (what trace=true
    // needs: a failure found stops only the jobs shown after it).
    std::vector<size_t> report_order() const;
    size_t goal_count() const;
    // The report; counterexamples follow failures (the first one overall, or all).
    // With `stop_at_failure`, the report ends right after the first failure.
    std::string report(int& failures, bool& shown, bool diagnose, bool stop_at_failure, bool& stopped) const;
    const Workspace& workspace() const { return ws_; }

private:
    struct Result {
        size_t job, goal;
    };
    bool complete_fo_attribute() const;
    std::string timeout_note() const;
    std::string seconds_note(const std::vector<Result>& results) const;
    struct GuaranteeEntry {
        ActionId action;
        SourceLocation loc;
        std::vector<Result> results; // one per root reaching it
    };

    // ¬∀X.φ as φ with X made constants `_X`, negated; the constants go to `witnesses`.
    TermId skolemized_negation(TermId formula,
                               std::vector<std::pair<std::string, TermId>>* witnesses = nullptr);
    // A counterexample request for goal `goal` of the next job to be added.
    void request(size_t goal, std::string title, std::string call, const Transition* t,
                 std::vector<std::pair<std::string, TermId>> witnesses, std::vector<ir::SymbolId> root_params = {});
    void add_job(std::vector<TermId> background, std::vector<Goal> goals) {
        Job j;
        j.view = &view_;
        j.background = std::move(background);
        j.goals = std::move(goals);
        std::vector<ir::SymbolId> state = state_symbols(ws_, j);
        auto& requests = requests_.emplace_back();
        for (auto& [goal, r] : pending_) {
            r.state = state;
            requests[goal] = std::move(r);
            j.goals[goal].wants_counterexample = true;
        }
        pending_.clear();
        j.explain = [this, &requests](z3::solver& solver, Encoder& enc, size_t goal) {
            return explain(solver, enc, ws_, requests.at(goal));
        };
        jobs_.push_back(std::move(j));
    }
    std::string callers(ActionId a, bool assumption_pass) const;

    const ir::Program& p_;
    const IsolateView& view_;
    const CheckOptions& options_;
    Diagnostics& diags_;
    Workspace ws_;
    VcBuilder vc_;
    std::vector<Job> jobs_;
    std::map<size_t, CtiRequest> pending_;              // for the job being made
    std::deque<std::map<size_t, CtiRequest>> requests_; // per job, by goal
    std::deque<Transition> transitions_;                // what requests point into

    // Every formula any query asserts, with where it comes from, for the fragment check.
    void note(TermId f, SourceLocation loc) {
        if (noted_.insert(f).second) fragment_.push_back(LocatedFormula{f, loc});
    }
    void note(const Transition& t) {
        for (size_t i = 0; i < t.defs.size(); ++i) note(t.defs[i], t.def_locs[i]);
    }
    std::vector<LocatedFormula> fragment_;
    std::set<TermId> noted_;

    std::vector<TermId> axioms_;  // Ax: axioms, definitions, properties
    std::vector<std::pair<const ir::Fact*, std::optional<Result>>> properties_;
    std::vector<Result> initiation_;
    std::optional<std::vector<Result>> init_assertions_;
    std::vector<std::pair<ActionId, std::vector<Result>>> consecution_;
    std::vector<GuaranteeEntry> guarantees_;
    std::map<ActionId, std::set<std::string>> callers_;
    std::map<ActionId, std::vector<SourceLocation>> assumptions_;
};

TermId IsolateRun::skolemized_negation(TermId formula, std::vector<std::pair<std::string, TermId>>* shown) {
    std::map<ir::VarId, TermId> witnesses;
    for (ir::VarId v : ws_.free_vars(formula)) {
        const ir::Variable& info = ws_.terms.variable_info(v);
        witnesses[v] = ws_.app(ws_.fresh("_" + info.name, {}, info.sort));
        if (shown) shown->emplace_back("_" + info.name, witnesses[v]);
    }
    return ws_.terms.not_(ws_.substitute(formula, witnesses));
}

void IsolateRun::request(size_t goal, std::string title, std::string call, const Transition* t,
                         std::vector<std::pair<std::string, TermId>> witnesses, std::vector<ir::SymbolId> root_params) {
    CtiRequest r;
    r.title = std::move(title);
    r.call = std::move(call);
    r.transition = t;
    r.witnesses = std::move(witnesses);
    r.root_params = std::move(root_params);
    r.shrink = options_.shrink;
    r.timeout_s = options_.timeout_s;
    pending_[goal] = std::move(r);
}

// The state symbols a job's formulas mention, as the program names them.
std::vector<ir::SymbolId> state_symbols(const Workspace& ws, const Job& job) {
    std::set<ir::SymbolId> found;
    std::set<TermId> seen;
    std::function<void(TermId)> walk = [&](TermId t) {
        if (!seen.insert(t).second) return;
        if (ws.terms.op(t) == ir::Op::App) {
            ir::SymbolId s = ws.original(ws.terms.payload(t));
            if (s < ws.program.symbols.size() && ws.program.symbols[s].kind == ir::Symbol::Kind::State) found.insert(s);
        }
        for (TermId a : ws.terms.args(t)) walk(a);
    };
    for (TermId f : job.background) walk(f);
    for (const Goal& g : job.goals)
        if (g.negated) walk(*g.negated);
    std::vector<ir::SymbolId> out(found.begin(), found.end());
    std::sort(out.begin(), out.end(), [&](ir::SymbolId a, ir::SymbolId b) { return ws.symbols[a].name < ws.symbols[b].name; });
    return out;
}

// ` (timeout after 1.5 s)` when a timeout was set.
std::string IsolateRun::timeout_note() const {
    if (options_.timeout_s <= 0) return "";
    std::ostringstream text;
    text << " (timeout after " << options_.timeout_s << " s)";
    return text.str();
}

// ` (1.25 s)`: the solver time of the checks behind one verdict (times=true).
std::string IsolateRun::seconds_note(const std::vector<Result>& results) const {
    double seconds = 0;
    for (const Result& r : results) seconds += jobs_[r.job].goals[r.goal].seconds;
    char text[32];
    std::snprintf(text, sizeof text, " (%.2f s)", seconds);
    return text;
}

// `attribute I.complete = fo` opts one isolate out of the fragment check.
bool IsolateRun::complete_fo_attribute() const {
    for (const ir::Attribute& a : p_.attributes)
        if (a.name == view_.name + ".complete" && a.value == "fo") return true;
    return false;
}

bool IsolateRun::build(std::string& error) {
    if (options_.interference) {
        error = interference_errors(p_, view_);
        if (!error.empty()) return false;
    }
    const size_t errors_before = diags_.all().size();
    // Ax: axioms and definitions; properties join it in order.
    for (const ir::Fact* a : view_.axioms) {
        axioms_.push_back(ws_.close(ws_.formula(*a)));
        note(axioms_.back(), a->origin.loc);
    }
    for (TermId d : vc_.definition_axioms()) {
        axioms_.push_back(d);
        note(d, SourceLocation{});
    }

    std::vector<Goal> property_goals;
    for (const IsolateView::Property& prop : view_.properties) {
        Goal g;
        if (prop.checked) {
            std::vector<std::pair<std::string, TermId>> witnesses;
            g.negated = skolemized_negation(ws_.formula(*prop.fact), &witnesses);
            note(*g.negated, prop.fact->origin.loc);
            request(property_goals.size(),
                    "the property " + prop.fact->label + " (" + location_text(prop.fact->origin.loc) +
                        ") does not follow from the axioms and the properties before it",
                    "", nullptr, std::move(witnesses));
        }
        g.add_after.push_back(ws_.close(prop.fact->formula)); // not fragment-checked: Ivy checks properties negated only
        std::optional<Result> r;
        if (prop.checked) r = Result{jobs_.size(), property_goals.size()};
        properties_.emplace_back(prop.fact, r);
        property_goals.push_back(std::move(g));
    }
    if (!property_goals.empty()) add_job(axioms_, std::move(property_goals));
    for (const IsolateView::Property& prop : view_.properties) axioms_.push_back(ws_.close(ws_.formula(*prop.fact)));

    // Facts borrowed or owned, over the pre-state.
    std::vector<TermId> inv_pre, asm_pre;
    for (const ir::Fact* c : view_.invariants) {
        inv_pre.push_back(ws_.close(ws_.formula(*c)));
        note(inv_pre.back(), c->origin.loc);
    }
    for (const ir::Fact* c : view_.assumptions) {
        asm_pre.push_back(ws_.close(ws_.formula(*c)));
        note(asm_pre.back(), c->origin.loc);
    }

    // Initiation.
    if (!view_.invariants.empty()) {
        vc_.set_trace(true);
        const Transition& init = transitions_.emplace_back(vc_.initializers());
        vc_.set_trace(false);
        std::vector<TermId> background = axioms_;
        background.insert(background.end(), init.defs.begin(), init.defs.end());
        std::vector<Goal> goals;
        for (const ir::Fact* c : view_.invariants) {
            Goal g;
            std::vector<std::pair<std::string, TermId>> witnesses;
            g.negated = skolemized_negation(vc_.in_state(ws_.formula(*c), init.post), &witnesses);
            request(goals.size(),
                    "initialization does not establish invariant " + c->label + " (" + location_text(c->origin.loc) + ")",
                    "", &init, std::move(witnesses));
            initiation_.push_back(Result{jobs_.size(), goals.size()});
            goals.push_back(std::move(g));
        }
        add_job(std::move(background), std::move(goals));
    }

    // Assertions in initializers.
    Sites init_sites = vc_.initializer_sites();
    std::vector<SourceLocation> lines;
    for (const Site& s : init_sites.sites)
        if (s.checked && std::none_of(lines.begin(), lines.end(), [&](SourceLocation l) { return same_line(l, s.loc); }))
            lines.push_back(s.loc);
    if (!lines.empty()) {
        init_assertions_.emplace();
        for (SourceLocation line : lines) {
            Transition t = vc_.initializers(line);
            std::vector<TermId> background = axioms_;
            background.insert(background.end(), t.defs.begin(), t.defs.end());
            std::vector<TermId> fails;
            for (const Failure& f : t.failures) fails.push_back(f.condition);
            Goal g;
            g.negated = ws_.terms.or_(fails);
            init_assertions_->push_back(Result{jobs_.size(), 0});
            add_job(std::move(background), {std::move(g)});
        }
    }

    // Consecution: every external action preserves the invariant.
    if (!view_.invariants.empty()) {
        for (ActionId a : view_.exports) {
            vc_.set_trace(true);
            const Transition& t = transitions_.emplace_back(vc_.action(a));
            vc_.set_trace(false);
            note(t);
            std::vector<TermId> background = axioms_;
            background.insert(background.end(), inv_pre.begin(), inv_pre.end());
            background.insert(background.end(), asm_pre.begin(), asm_pre.end());
            background.insert(background.end(), t.defs.begin(), t.defs.end());
            std::vector<Goal> goals;
            std::vector<Result> results;
            for (const ir::Fact* c : view_.invariants) {
                Goal g;
                std::vector<std::pair<std::string, TermId>> witnesses;
                g.negated = skolemized_negation(vc_.in_state(ws_.formula(*c), t.post), &witnesses);
                note(*g.negated, c->origin.loc);
                request(goals.size(),
                        "counterexample to induction: invariant " + c->label + " (" + location_text(c->origin.loc) +
                            ") is false after " + p_.actions[a].name,
                        "call " + p_.actions[a].name, &t, std::move(witnesses), p_.actions[a].params);
                results.push_back(Result{jobs_.size(), goals.size()});
                goals.push_back(std::move(g));
            }
            consecution_.emplace_back(a, std::move(results));
            add_job(std::move(background), std::move(goals));
        }
    }

    // Guarantees: every checked assertion, from every external action reaching it.
    for (ActionId root : view_.exports) {
        Sites found = vc_.sites(root);
        for (const auto& [callee, from] : found.callers)
            for (ActionId c : from) callers_[callee].insert(p_.actions[c].name);
        std::vector<SourceLocation> done;
        for (const Site& s : found.sites) {
            if (!s.checked) {
                auto& list = assumptions_[s.action];
                if (std::none_of(list.begin(), list.end(), [&](SourceLocation l) { return same_line(l, s.loc); }))
                    list.push_back(s.loc);
                continue;
            }
            if (std::any_of(done.begin(), done.end(), [&](SourceLocation l) { return same_line(l, s.loc); })) continue;
            done.push_back(s.loc);
            vc_.set_trace(true);
            const Transition& t = transitions_.emplace_back(vc_.action(root, s.loc));
            vc_.set_trace(false);
            note(t);
            std::vector<TermId> background = axioms_;
            background.insert(background.end(), inv_pre.begin(), inv_pre.end());
            background.insert(background.end(), asm_pre.begin(), asm_pre.end());
            background.insert(background.end(), t.defs.begin(), t.defs.end());
            std::vector<TermId> fails;
            for (const Failure& f : t.failures) fails.push_back(f.condition);
            Goal g;
            g.negated = ws_.terms.or_(fails);
            note(*g.negated, s.loc);
            request(0, "the assertion at " + location_text(s.loc) + " fails when " + p_.actions[root].name + " is called",
                    "fail call " + p_.actions[root].name, &t, {}, p_.actions[root].params);
            auto entry = std::find_if(guarantees_.begin(), guarantees_.end(), [&](const GuaranteeEntry& e) {
                return e.action == s.action && same_line(e.loc, s.loc);
            });
            if (entry == guarantees_.end()) {
                guarantees_.push_back(GuaranteeEntry{s.action, s.loc, {}});
                entry = guarantees_.end() - 1;
            }
            entry->results.push_back(Result{jobs_.size(), 0});
            add_job(std::move(background), {std::move(g)});
        }
    }
    std::stable_sort(guarantees_.begin(), guarantees_.end(), [](const GuaranteeEntry& a, const GuaranteeEntry& b) {
        return a.action < b.action;
    });

    if (diags_.all().size() != errors_before) return false;

    // Decidability: every formula of every query, before Z3 sees any. An isolate
    // with nothing to check makes no query, so it has nothing to be decidable.
    if (!jobs_.empty() && !options_.complete_fo && !complete_fo_attribute()) {
        FragmentInput input;
        input.asserted = std::move(fragment_);
        input.arithmetic = [&](ir::SortId s) {
            auto it = std::find_if(view_.interpretations.begin(), view_.interpretations.end(),
                                   [&](const ir::Interpretation* i) { return i->sort == s; });
            using T = ir::Interpretation::Theory;
            return it != view_.interpretations.end() &&
                   ((*it)->theory == T::Int || (*it)->theory == T::Nat || (*it)->theory == T::Real);
        };
        input.harmless = [&](ir::SortId s) {
            if (s == ir::kBoolSort || p_.sorts[s].kind == ir::Sort::Kind::Enum) return true;
            auto it = std::find_if(view_.interpretations.begin(), view_.interpretations.end(),
                                   [&](const ir::Interpretation* i) { return i->sort == s; });
            using T = ir::Interpretation::Theory;
            return it != view_.interpretations.end() &&
                   ((*it)->theory == T::BitVector || (*it)->theory == T::String || (*it)->theory == T::Range);
        };
        if (std::optional<std::string> fragment_error = check_fragment(ws_, input)) {
            error = *fragment_error;
            return false;
        }
    }
    return true;
}

size_t IsolateRun::goal_count() const {
    size_t n = 0;
    for (const Job& j : jobs_)
        for (const Goal& g : j.goals) n += g.negated ? 1 : 0;
    return n;
}

std::vector<size_t> IsolateRun::report_order() const {
    std::vector<size_t> order;
    std::vector<bool> listed(jobs_.size(), false);
    auto add = [&](const Result& r) {
        if (!listed[r.job]) order.push_back(r.job);
        listed[r.job] = true;
    };
    for (const auto& [fact, r] : properties_)
        if (r) add(*r);
    for (const Result& r : initiation_) add(r);
    if (init_assertions_)
        for (const Result& r : *init_assertions_) add(r);
    for (const auto& [a, results] : consecution_)
        for (const Result& r : results) add(r);
    for (const GuaranteeEntry& g : guarantees_)
        for (const Result& r : g.results) add(r);
    for (size_t j = 0; j < jobs_.size(); ++j)
        if (!listed[j]) order.push_back(j);
    return order;
}

std::string IsolateRun::report(int& failures, bool& shown, bool diagnose, bool stop_at_failure,
                               bool& stopped) const {
    std::ostringstream out;
    auto outcome = [&](const Result& r) { return jobs_[r.job].goals[r.goal].outcome; };
    auto all_pass = [&](const std::vector<Result>& rs) {
        return std::all_of(rs.begin(), rs.end(), [&](const Result& r) { return outcome(r) == Outcome::Pass; });
    };
    // " ... PASS", or " ... FAIL" and (once, or always with diagnose) why.
    auto result_line = [&](Outcome o, const std::vector<Result>& rs = {}) {
        std::string line = std::string(" ... ") + verdict_text(o);
        if (options_.times) line += seconds_note(rs);
        if (o == Outcome::Pass) return line;
        ++failures;
        line += "\n";
        for (const Result& r : rs) {
            const Goal& g = jobs_[r.job].goals[r.goal];
            if (g.outcome == Outcome::Pass) continue;
            if (g.outcome == Outcome::Unknown && g.counterexample.empty())
                line += "error: Solver produced inconclusive result" + timeout_note() + "\n";
            if ((diagnose || !shown) && !g.counterexample.empty()) {
                line += g.counterexample;
                shown = true;
            }
            break;
        }
        if (stop_at_failure) stopped = true;
        line.pop_back();
        return line;
    };
    auto section = [&](const char* title) { out << "\n    " << title << "\n"; };

    if (!view_.axioms.empty()) {
        section("The following properties are assumed as axioms:");
        for (const ir::Fact* a : view_.axioms) out << "        " << loc_text(a->origin.loc) << a->label << "\n";
    }
    if (!view_.definitions.empty()) {
        section("The following definitions are used:");
        for (const ir::Definition* d : view_.definitions)
            out << "        " << loc_text(d->origin.loc) << d->label << "\n";
    }
    if (!properties_.empty()) {
        section("The following properties are to be checked:");
        for (const auto& [fact, r] : properties_) {
            out << "        " << loc_text(fact->origin.loc) << fact->label;
            out << (r ? result_line(outcome(*r), {*r}) : std::string(" [assumed]")) << "\n";
            if (stopped) return out.str();
        }
    }
    if (!view_.assumptions.empty()) {
        section("The following properties are assumed initially:");
        for (const ir::Fact* c : view_.assumptions) out << "        " << loc_text(c->origin.loc) << c->label << "\n";
    }
    if (!view_.invariants.empty()) {
        section("The inductive invariant consists of the following conjectures:");
        for (const ir::Fact* c : view_.invariants) out << "        " << loc_text(c->origin.loc) << c->label << "\n";
    }

    // Implementations and monitors present, sorted by the name that provides them.
    std::vector<std::pair<std::string, std::string>> impls, monitors;
    for (ActionId a = 0; a < p_.actions.size(); ++a) {
        const ir::Action& act = p_.actions[a];
        if (view_.action_roles[a] != Role::Opaque && act.body_kind != ir::Action::BodyKind::None)
            impls.emplace_back(act.implementation_name.empty() ? act.name : act.implementation_name,
                               loc_text(implementation_loc(act)) + "implementation of " + act.name);
        for (size_t i = 0; i < act.befores.size(); ++i)
            if (view_.before_present[a][i])
                monitors.emplace_back(act.befores[i].name, loc_text(act.befores[i].origin.loc) + "monitor of " + act.name);
        for (size_t i = 0; i < act.afters.size(); ++i)
            if (view_.after_present[a][i])
                monitors.emplace_back(act.afters[i].name, loc_text(act.afters[i].origin.loc) + "monitor of " + act.name);
    }
    std::sort(impls.begin(), impls.end());
    std::sort(monitors.begin(), monitors.end());
    if (!impls.empty()) {
        section("The following action implementations are present:");
        for (const auto& [name, line] : impls) out << "        " << line << "\n";
    }
    if (!monitors.empty()) {
        section("The following action monitors are present:");
        for (const auto& [name, line] : monitors) out << "        " << line << "\n";
    }
    if (!view_.initializers.empty()) {
        std::vector<std::pair<std::string, std::string>> inits;
        for (const ir::Initializer* i : view_.initializers)
            inits.emplace_back(i->name, loc_text(i->origin.loc) + i->name);
        std::sort(inits.begin(), inits.end());
        section("The following initializers are present:");
        for (const auto& [name, line] : inits) out << "        " << line << "\n";
    }
    if (!initiation_.empty()) {
        section("Initialization must establish the invariant");
        for (size_t i = 0; i < view_.invariants.size(); ++i) {
            out << "        " << loc_text(view_.invariants[i]->origin.loc) << view_.invariants[i]->label
                << result_line(outcome(initiation_[i]), {initiation_[i]}) << "\n";
            if (stopped) return out.str();
        }
    }
    if (init_assertions_) {
        out << "\n    Any assertions in initializers must be checked"
            << result_line(all_pass(*init_assertions_) ? Outcome::Pass : Outcome::Fail, *init_assertions_) << "\n";
        if (stopped) return out.str();
    }
    if (!consecution_.empty()) {
        section("The following set of external actions must preserve the invariant:");
        for (const auto& [a, results] : consecution_) {
            out << "        (internal) " << p_.actions[a].name << "\n";
            for (size_t i = 0; i < view_.invariants.size(); ++i) {
                out << "            " << loc_text(view_.invariants[i]->origin.loc) << view_.invariants[i]->label
                    << result_line(outcome(results[i]), {results[i]}) << "\n";
                if (stopped) return out.str();
            }
        }
    }
    if (!assumptions_.empty()) {
        section("The following program assertions are treated as assumptions:");
        for (const auto& [a, locs] : assumptions_) {
            out << "        in action " << p_.actions[a].name << " when called from " << callers(a, true) << ":\n";
            for (SourceLocation l : locs) out << "            " << loc_text(l) << "assumption\n";
        }
    }
    if (!guarantees_.empty()) {
        section("The following program assertions are treated as guarantees:");
        std::optional<ActionId> current;
        for (const GuaranteeEntry& g : guarantees_) {
            if (current != g.action) {
                out << "        in action " << p_.actions[g.action].name << " when called from "
                    << callers(g.action, false) << ":\n";
                current = g.action;
            }
            out << "            " << loc_text(g.loc) << "guarantee"
                << result_line(all_pass(g.results) ? Outcome::Pass : Outcome::Fail, g.results) << "\n";
            if (stopped) return out.str();
        }
    }
    return out.str();
}

// "C1,C2": the callers in the isolate's call graph, and the environment for an
// external action. Ivy appends the environment in both the assumption and the
// guarantee pass, so an external action with both kinds of assertions names it
// twice in its guarantee block; scripts that compare reports expect that.
std::string IsolateRun::callers(ActionId a, bool assumption_pass) const {
    bool external = std::find(view_.exports.begin(), view_.exports.end(), a) != view_.exports.end();
    std::string out;
    if (auto it = callers_.find(a); it != callers_.end())
        for (const std::string& c : it->second) out += (out.empty() ? "" : ",") + c;
    auto environment = [&] { out += std::string(out.empty() ? "" : ",") + "the environment"; };
    if (external) environment();
    if (external && !assumption_pass && assumptions_.count(a)) environment();
    return out;
}

// A progress line on a terminal: which isolate, how many checks, how long.
class Progress {
public:
    explicit Progress(std::ostream* sink) : sink_(sink), start_(std::chrono::steady_clock::now()) {}
    void update(size_t isolate, size_t isolates, const std::string& name, size_t done, size_t total) {
        if (!sink_) return;
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        *sink_ << "\r\033[K" << "isolate " << isolate << "/" << isolates << " " << name << ": " << done << "/"
               << total << " checks, " << static_cast<int>(seconds) << " s" << std::flush;
    }
    void clear() {
        if (sink_) *sink_ << "\r\033[K" << std::flush;
    }

private:
    std::ostream* sink_;
    std::chrono::steady_clock::time_point start_;
};

} // namespace

CheckSummary check(const ir::Program& p, const CheckOptions& options, std::ostream& out, std::ostream* progress,
                   Diagnostics& diags) {
    CheckSummary summary;
    const std::map<std::string, IsolateView> views = isolate_views(p);
    std::vector<std::string> names = isolate_names(p);
    if (!options.isolate.empty()) {
        if (!views.count(options.isolate)) {
            out << "\nerror: undefined isolate: " << options.isolate << "\n";
            summary.aborted = true;
            return summary;
        }
        names = {options.isolate};
    } else if (options.coverage && !p.isolates.empty()) {
        // Checked once for the whole program, and only when it is split into isolates.
        if (std::string gaps = coverage_errors(p, views); !gaps.empty()) {
            out << gaps;
            summary.aborted = true;
            return summary;
        }
    }

    SolveOptions solve;
    solve.threads = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    solve.timeout_s = options.timeout_s;
    solve.seed = options.seed;
    solve.macro_finder = options.macro_finder;
    solve.show_vcs = options.show_vcs ? &out : nullptr;
    solve.stop_at_failure = options.trace;
    SolverPool pool(solve);
    Progress bar(progress);
    bool shown_counterexample = false;

    for (size_t i = 0; i < names.size(); ++i) {
        const IsolateView& view = views.at(names[i]);
        if (view.trusted) continue;
        out << "\nIsolate " << view.name << ":\n" << std::flush;
        IsolateRun run(p, view, views, options, diags);
        std::string error;
        if (!run.build(error)) {
            out << error;
            summary.aborted = true;
            return summary;
        }
        const size_t total = run.goal_count();
        size_t solved = 0; // fewer than total when trace=true stops early
        bar.update(i + 1, names.size(), view.name, 0, total);
        pool.solve(run.workspace(), run.jobs(), run.report_order(), [&](size_t done) {
            solved = done;
            bar.update(i + 1, names.size(), view.name, done, total);
        });
        bar.clear();
        summary.queries += solved;
        for (const Job& job : run.jobs())
            for (const Goal& g : job.goals) summary.solver_seconds += g.seconds;
        int failures = 0;
        bool stopped = false;
        out << run.report(failures, shown_counterexample, options.diagnose, options.trace, stopped) << std::flush;
        summary.failed += failures;
        if (stopped) return summary; // trace=true: the first failure and its trace end the run
    }
    out << "\n" << (summary.failed ? "error: failed checks: " + std::to_string(summary.failed) : std::string("OK"))
        << "\n";
    return summary;
}

} // namespace ivy::verifier
