// `ivy to_cpp [options] FILE`: Ivy's ivy_to_cpp.
#include "cli/commands.h"
#include "codegen/to_cpp.h"
#include "frontend/elaborate.h"

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sys/wait.h>
#include <unistd.h>

namespace ivy::cli {
namespace {

namespace fs = std::filesystem;

bool write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
        std::printf("error: cannot write %s\n", path.c_str());
        return false;
    }
    return true;
}

// Where the runtime headers are: an installed ivy's PREFIX/include, or the source
// tree this ivy was built from.
std::vector<std::string> runtime_include_dirs() {
    std::vector<std::string> dirs;
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    fs::path installed = exe.parent_path().parent_path() / "include";
    if (!ec && fs::exists(installed / "runtime" / "extracted" / "support.h", ec)) dirs.push_back(installed.string());
    dirs.push_back(IVY_SOURCE_DIR);
    return dirs;
}

// Runs the compiler, its messages going to our standard output; true on success.
bool run_compiler(const std::vector<std::string>& argv) {
    std::string line;
    for (const std::string& a : argv) line += (line.empty() ? "" : " ") + a;
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
        dup2(STDOUT_FILENO, STDERR_FILENO);
        std::vector<char*> args;
        for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        std::perror(args[0]);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return false; // only a signal may interrupt the wait
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The extractor's options from the command line; false (after a message) when a
// numeric option is malformed. `target` was checked against its choices already.
bool to_cpp_options(const Invocation& inv, codegen::ToCppOptions& options) {
    options.isolate = inv.option("isolate");
    const std::string& target = inv.option("target");
    options.target = target == "class" ? codegen::Target::Class
                     : target == "test" ? codegen::Target::Test
                                        : codegen::Target::Repl;
    options.classname = inv.option("classname");
    options.source_path = inv.files[0];
    for (const char* name : {"test_iters", "test_runs"}) {
        const std::string& text = inv.option(name);
        char* end = nullptr;
        unsigned long v = std::strtoul(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || v == 0) {
            std::printf("error: bad parameter value: %s=%s\n", name, text.c_str());
            return false;
        }
        (std::string(name) == "test_iters" ? options.test_iters : options.test_runs) = static_cast<unsigned>(v);
    }
    return true;
}

// Ivy's convention: outdir= if given, else ./build if it exists, else here.
std::optional<fs::path> output_dir(const Invocation& inv) {
    std::error_code ec;
    fs::path dir = inv.option("outdir");
    if (dir.empty()) dir = fs::is_directory("build", ec) ? fs::path("build") : fs::path(".");
    if (!fs::is_directory(dir, ec) && !fs::create_directories(dir, ec)) {
        std::printf("error: cannot create %s\n", dir.c_str());
        return std::nullopt;
    }
    return dir;
}

} // namespace

int run_to_cpp(const Invocation& inv) {
    codegen::ToCppOptions options;
    if (!to_cpp_options(inv, options)) return kExitBadInput;

    Diagnostics diags;
    std::optional<ir::Program> program = frontend::elaborate_file(inv.files[0], standard_elaborate_options(), diags);
    print_diagnostics(diags);
    if (!program) return kExitBadInput;

    Diagnostics gen_diags;
    std::optional<codegen::CppFiles> files = codegen::to_cpp(*program, options, gen_diags);
    print_diagnostics(gen_diags);
    if (!files) return kExitBadInput;

    std::optional<fs::path> out = output_dir(inv);
    if (!out) return kExitBadInput;
    const fs::path& dir = *out;
    fs::path header = dir / (files->classname + ".h"), source = dir / (files->classname + ".cpp");
    if (!write_file(header, files->header) || !write_file(source, files->source)) return kExitBadInput;
    if (!inv.flag("build")) return kExitOk;

    codegen::BuildCommand cmd = codegen::build_command(options.target, source.string(),
                                                       (dir / files->classname).string(), runtime_include_dirs());
    return run_compiler(cmd.argv) ? kExitOk : kExitFailed;
}

} // namespace ivy::cli
