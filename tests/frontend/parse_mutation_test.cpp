// The parser never crashes, aborts or hangs: random truncations and byte mutations of
// the repository's spec files each end in a clean parse or in one well-formed error.
#include "support/file_io.h"
#include "tests/frontend/parse_test_util.h"
#include "tests/frontend/spec_files.h"

#include <gtest/gtest.h>

#include <random>
#include <regex>

namespace ivy::frontend::testing {
namespace {

constexpr int kShards = 8;
constexpr int kMutationsPerShard = 160; // 1,280 in all

std::vector<std::string> corpus() {
    std::vector<std::string> texts;
    for (const std::string& path : all_spec_files()) {
        std::string error;
        if (std::optional<std::string> text = read_text_file(path, error)) texts.push_back(*text);
    }
    return texts;
}

// One random edit of `text`: a truncation, a changed, inserted or deleted byte, a
// duplicated or dropped span, or a swap of two bytes.
std::string mutate(std::string text, std::mt19937& rng) {
    if (text.empty()) return text;
    auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
    // Bytes that matter to the grammar, so mutations often stay near valid Ivy.
    static const std::string kInteresting = "{}()[];:,.=~&|<>-+*/#\"`'\n \t\\0aZ_$^%@!\x80\xff";
    size_t at = pick(text.size());
    auto byte = [&]() -> char {
        return pick(2) ? kInteresting[pick(kInteresting.size())] : static_cast<char>(pick(256));
    };
    switch (pick(7)) {
    case 0: text.resize(at); break;
    case 1: text[at] = byte(); break;
    case 2: text.insert(text.begin() + static_cast<long>(at), byte()); break;
    case 3: text.erase(at, 1); break;
    case 4: {
        size_t len = std::min<size_t>(pick(200) + 1, text.size() - at);
        text.insert(pick(text.size()), text.substr(at, len));
        break;
    }
    case 5: text.erase(at, pick(200) + 1); break;
    default: std::swap(text[at], text[pick(text.size())]); break;
    }
    return text;
}

class Mutation : public ::testing::TestWithParam<int> {};

TEST_P(Mutation, CleanErrorOrSuccess) {
    static const std::vector<std::string> texts = corpus();
    ASSERT_FALSE(texts.empty());
    static const std::regex kWellFormed(R"(mutant\.ivy: line [0-9]+: error: .+)");
    std::mt19937 rng(static_cast<unsigned>(GetParam()) * 7919u + 17u);
    int parsed = 0, rejected = 0;
    for (int i = 0; i < kMutationsPerShard; ++i) {
        const std::string& original = texts[rng() % texts.size()];
        std::string text = mutate(original, rng);
        if (rng() % 3 == 0) text = mutate(std::move(text), rng); // sometimes two edits
        Diagnostics diags;
        std::optional<ast::File> file = parse_text(text, intern_file("mutant.ivy"), diags);
        if (file) {
            EXPECT_FALSE(diags.has_errors());
            ++parsed;
            continue;
        }
        ++rejected;
        ASSERT_EQ(diags.all().size(), 1u) << "exactly one error per rejected file";
        const std::string message = format(diags.all()[0]);
        EXPECT_TRUE(std::regex_match(message, kWellFormed)) << message;
        size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
        EXPECT_LE(diags.all()[0].loc.line, lines) << message;
    }
    // The mutations must exercise both outcomes, or they test nothing.
    EXPECT_GT(rejected, kMutationsPerShard / 4);
    EXPECT_GT(parsed + rejected, 0);
}

INSTANTIATE_TEST_SUITE_P(Shards, Mutation, ::testing::Range(0, kShards));

} // namespace
} // namespace ivy::frontend::testing
