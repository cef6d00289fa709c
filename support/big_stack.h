// Running recursive passes on a thread with a large stack.
//
// Parsing and every pass over the AST recurse on the depth of the input. Rather than
// limit nesting to what the 8 MiB main stack allows, such work runs on a thread whose
// stack is reserved large (the memory is committed only as it is touched), and the
// parser bounds nesting far below that.
#pragma once

#include <cstddef>
#include <functional>

namespace ivy {

inline constexpr std::size_t kBigStackBytes = std::size_t{1} << 30; // 1 GiB reserved

// Runs `work` to completion on a fresh thread with a `stack_bytes` stack; an exception
// thrown by `work` is rethrown here. Falls back to the calling thread if no such
// thread can be made.
void run_with_big_stack(const std::function<void()>& work, std::size_t stack_bytes = kBigStackBytes);

} // namespace ivy
