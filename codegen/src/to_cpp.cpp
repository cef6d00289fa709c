// The extractor's entry point: slice, map sorts, lay out the class, add a driver.
#include "codegen/to_cpp.h"

#include "codegen/src/gen.h"
#include "codegen/src/layout.h"

namespace ivy::codegen {

std::string default_class_name(const std::string& source_path) {
    std::string stem = source_path.substr(source_path.find_last_of('/') + 1);
    if (stem.size() > 4 && stem.ends_with(".ivy")) stem.resize(stem.size() - 4);
    std::string out;
    for (char c : stem) {
        if (c == '.') out += "__";
        else if (c == '-') out += '_';
        else out += c;
    }
    return out;
}

namespace {

// Ivy refuses a class name that is also the name of a state component or action
// (the generated C++ would not compile).
bool check_class_name(const ir::Program& p, const std::string& name, Diagnostics& diags) {
    bool ok = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
    for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!ok) {
        diags.error({}, "'" + name + "' is not a valid C++ class name; use classname=NAME");
        return false;
    }
    for (const ir::Symbol& s : p.symbols)
        if (mangle(s.name) == name) {
            diags.error(s.origin.loc, "the class name " + name + " is also the name of " + s.name + "; use classname=NAME");
            return false;
        }
    for (const ir::Action& a : p.actions)
        if (mangle(a.name) == name) {
            diags.error(a.origin.loc, "the class name " + name + " is also the name of action " + a.name +
                                          "; use classname=NAME");
            return false;
        }
    for (const ir::Sort& s : p.sorts)
        if (mangle(s.name) == name) {
            diags.error(s.origin.loc, "the class name " + name + " is also the name of sort " + s.name +
                                          "; use classname=NAME");
            return false;
        }
    return true;
}

} // namespace

std::optional<CppFiles> to_cpp(const ir::Program& program, const ToCppOptions& options, Diagnostics& diags) {
    std::string classname = options.classname.empty() ? default_class_name(options.source_path) : options.classname;
    if (!check_class_name(program, classname, diags)) return std::nullopt;
    std::optional<Slice> slice = make_slice(program, options.isolate, options.target == Target::Test, diags);
    if (!slice) return std::nullopt;
    Gen gen(program, *slice, options, classname, diags);
    std::optional<ClassFiles> files = emit_class(gen);
    if (!files || diags.has_errors()) return std::nullopt;
    CppFiles out;
    out.classname = classname;
    out.header = std::move(files->header);
    out.source = std::move(files->source);
    if (options.target == Target::Repl) out.source += emit_repl(gen, files->info);
    if (options.target == Target::Test) out.source += emit_test(gen, files->info);
    if (diags.has_errors()) return std::nullopt;
    return out;
}

BuildCommand build_command(Target target, const std::string& source_file, const std::string& output_stem,
                           const std::vector<std::string>& include_dirs) {
    BuildCommand cmd;
    cmd.argv = {"g++", "-std=c++20", "-O2", "-pthread"};
    for (const std::string& dir : include_dirs) cmd.argv.push_back("-I" + dir);
    if (target == Target::Class) {
        cmd.output = output_stem + ".o";
        cmd.argv.insert(cmd.argv.end(), {"-c", source_file, "-o", cmd.output});
    } else {
        cmd.output = output_stem;
        cmd.argv.insert(cmd.argv.end(), {source_file, "-o", cmd.output});
    }
    return cmd;
}

} // namespace ivy::codegen
