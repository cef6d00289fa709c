# Writes OUT (a header defining kKvVersion) from `git describe` of SRC, touching the
# file only when the text changes, so an unchanged commit rebuilds nothing.
execute_process(COMMAND git -C "${SRC}" describe --always --dirty --abbrev=12
                OUTPUT_VARIABLE hash OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR hash STREQUAL "")
    set(hash "unknown")
endif()
set(text "#pragma once\nnamespace ivy::kv {\ninline constexpr const char* kKvVersion = \"${hash}\";\n}\n")
if(EXISTS "${OUT}")
    file(READ "${OUT}" old)
else()
    set(old "")
endif()
if(NOT old STREQUAL text)
    file(WRITE "${OUT}" "${text}")
endif()
