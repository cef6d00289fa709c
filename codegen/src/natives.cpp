#include "codegen/src/natives.h"

namespace ivy::codegen {
namespace {

bool under(const std::string& name, const std::string& prefix) {
    return !prefix.empty() && (name == prefix || (name.size() > prefix.size() && name.starts_with(prefix) &&
                                                  name[prefix.size()] == '.'));
}

// How many leading object parameters of `name` (a symbol or action of the object
// path it names) the context supplies: those of the objects it shares with the
// context's object.
std::size_t bound_params(const Gen& g, const std::string& name, std::size_t own_object_params,
                         const NativeContext& ctx) {
    if (ctx.object_values.empty()) return 0;
    std::string common = ctx.object;
    while (!common.empty() && !under(name, common)) {
        size_t dot = common.rfind('.');
        common = dot == std::string::npos ? std::string() : common.substr(0, dot);
    }
    if (common.empty()) return 0;
    std::size_t n = g.slice.object_param_names(common).size();
    return std::min({n, own_object_params, ctx.object_values.size()});
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out;
}

} // namespace

std::optional<std::string> native_text(Gen& g, const ir::NativeCode& code, const NativeContext& ctx,
                                       SourceLocation at) {
    using Kind = ir::NativeCode::Piece::Kind;
    std::string out;
    const std::vector<std::string> object_names = g.slice.object_param_names(ctx.object);
    for (const auto& piece : code.pieces) {
        switch (piece.kind) {
        case Kind::Text:
            out += piece.text;
            break;
        case Kind::Sort: {
            auto s = g.p.find_sort(piece.text);
            out += !s ? mangle(piece.text) : ctx.in_class ? g.type(*s) : g.types.qualified(*s, g.classname);
            break;
        }
        case Kind::Object:
            out += mangle(piece.text);
            break;
        case Kind::Type:
            g.diags.error(at, "`%" + piece.text + "` (an action's thunk type) is not supported in native code");
            return std::nullopt;
        case Kind::Action: {
            auto a = g.p.find_action(piece.text);
            if (!a) {
                g.diags.error(at, "unknown action `" + piece.text + "` in native code");
                return std::nullopt;
            }
            const ir::Action& act = g.p.actions[*a];
            if (act.results.size() > 1) {
                g.diags.error(at, "native code cannot call " + act.name + ": it has several results");
                return std::nullopt;
            }
            g.helpers.adapters.insert(*a);
            std::size_t bound = bound_params(g, act.name, act.object_params, ctx);
            if (bound == 0) {
                out += "this->" + g.adapter(*a);
                break;
            }
            // The object's parameters travel with the callable, by value.
            std::string captures = "this", given;
            for (size_t i = 0; i < bound; ++i) {
                captures += ", __b" + std::to_string(i) + " = " + ctx.object_values[i];
                given += "__b" + std::to_string(i) + ", ";
            }
            out += "[" + captures + "](auto&&... __a) { return this->" + g.adapter(*a) + "(" + given +
                   "std::forward<decltype(__a)>(__a)...); }";
            break;
        }
        case Kind::Symbol: {
            if (auto it = ctx.locals.find(piece.text); it != ctx.locals.end()) {
                out += it->second;
                break;
            }
            bool is_object_param = false;
            for (size_t i = 0; i < object_names.size(); ++i)
                if (object_names[i] == piece.text && !g.p.find_symbol(piece.text)) {
                    if (i >= ctx.object_values.size()) {
                        g.diags.error(at, "`" + piece.text + "` (a parameter of object " + ctx.object +
                                              ") is only known in init blocks and action bodies");
                        return std::nullopt;
                    }
                    out += ctx.object_values[i];
                    is_object_param = true;
                    break;
                }
            if (is_object_param) break;
            auto s = g.p.find_symbol(piece.text);
            if (!s) {
                g.diags.error(at, "unknown name `" + piece.text + "` in native code");
                return std::nullopt;
            }
            const ir::Symbol& sym = g.p.symbols[*s];
            using SK = ir::Symbol::Kind;
            if (sym.kind == SK::EnumValue) {
                out += ctx.in_class ? g.enum_value(*s) : g.classname + "::" + g.enum_value(*s);
            } else if (sym.kind == SK::Destructor) {
                out += g.field(*s);
            } else if (g.slice.definition_of.count(*s)) {
                g.helpers.definitions.insert(g.slice.definition_of.at(*s));
                out += "this->" + g.definition_method(*s);
            } else if (sym.kind == SK::Parameter || sym.kind == SK::State) {
                if (!ctx.in_class) {
                    g.diags.error(at, "`" + piece.text + "` (state) cannot be used outside the class");
                    return std::nullopt;
                }
                if (sym.kind == SK::State && !g.slice.member[*s]) {
                    g.diags.error(at, "`" + piece.text + "` is not part of the extracted state");
                    return std::nullopt;
                }
                std::string base = "this->" + g.member(*s);
                // Inside the symbol's own parameterised object, the object's
                // parameters select this instance's part (unless stripped already).
                std::size_t bound = bound_params(g, sym.name, sym.object_params, ctx);
                std::size_t stripped = g.slice.symbol_strip[*s].count();
                if (bound > stripped) {
                    std::vector<std::string> vals(ctx.object_values.begin() + static_cast<long>(stripped),
                                                  ctx.object_values.begin() + static_cast<long>(bound));
                    base += ".ref(" + join(vals) + ")";
                }
                out += base;
            } else {
                g.diags.error(at, "`" + piece.text + "` cannot be used in native code");
                return std::nullopt;
            }
            break;
        }
        }
    }
    return out;
}

} // namespace ivy::codegen
