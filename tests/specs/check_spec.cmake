# Runs `ivy check` on one spec of the regression corpus and compares the result
# with the expectation written at the top of the spec.
#
#   cmake -DIVY=<ivy executable> -DSPEC=<file.ivy> -DKIND=good|bad -P check_spec.cmake
#
# Line 1 of a spec is `#lang ivy1.7` (Ivy insists on it). The comment lines right
# after it say what to expect:
#
#   # expect: OK                         a good spec: exit status 0, last line `OK`
#   # expect: <text>                     a bad spec: exit status 1 and <text> in the
#   # expect: <more text>                output (every expect line must match)
#   # options: key=value key=value       extra options, passed before the file
#
# Header lines cannot contain `;` (CMake's list separator).
#
# The spec is checked from its own folder and named without a directory, so the
# output says `NAME.ivy: line N: ...` and expectations do not depend on where the
# source tree is.

cmake_minimum_required(VERSION 3.25)

foreach(var IVY SPEC KIND)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check_spec.cmake needs -D${var}=...")
    endif()
endforeach()
if(NOT KIND STREQUAL "good" AND NOT KIND STREQUAL "bad")
    message(FATAL_ERROR "KIND must be good or bad, not '${KIND}'")
endif()

get_filename_component(spec_dir "${SPEC}" DIRECTORY)
get_filename_component(spec_name "${SPEC}" NAME)

# The header: `#lang ivy1.7`, then the expect/options comments.
file(STRINGS "${SPEC}" lines)
list(LENGTH lines line_count)
if(line_count LESS 2)
    message(FATAL_ERROR "${spec_name}: too short to hold an expectation")
endif()
list(GET lines 0 first_line)
if(NOT first_line STREQUAL "#lang ivy1.7")
    message(FATAL_ERROR "${spec_name}: line 1 must be '#lang ivy1.7'")
endif()

set(expected "")
set(options "")
math(EXPR last "${line_count} - 1")
foreach(i RANGE 1 ${last})
    list(GET lines ${i} line)
    if(line MATCHES ";")
        break() # not a header line (and a list separator in CMake)
    elseif(line MATCHES "^# expect: (.+)$")
        list(APPEND expected "${CMAKE_MATCH_1}")
    elseif(line MATCHES "^# options: (.+)$")
        separate_arguments(more UNIX_COMMAND "${CMAKE_MATCH_1}")
        list(APPEND options ${more})
    else()
        break()
    endif()
endforeach()

if(NOT expected)
    message(FATAL_ERROR "${spec_name}: line 2 must be '# expect: ...'")
endif()
if(KIND STREQUAL "good" AND NOT expected STREQUAL "OK")
    message(FATAL_ERROR "${spec_name}: a good spec expects exactly 'OK'")
endif()
if(KIND STREQUAL "bad" AND "OK" IN_LIST expected)
    message(FATAL_ERROR "${spec_name}: a bad spec cannot expect 'OK'")
endif()

execute_process(
    COMMAND "${IVY}" check ${options} "${spec_name}"
    WORKING_DIRECTORY "${spec_dir}"
    OUTPUT_VARIABLE output
    ERROR_VARIABLE output
    RESULT_VARIABLE status)

set(problems "")
if(KIND STREQUAL "good")
    if(NOT status STREQUAL "0")
        list(APPEND problems "exit status ${status}, expected 0")
    endif()
    # Ivy's last line for a verified program.
    string(STRIP "${output}" stripped)
    if(NOT stripped MATCHES "(^|\n)OK$")
        list(APPEND problems "the output does not end with the line 'OK'")
    endif()
else()
    # Failed checks, fragment, coverage and interference errors all exit 1; 2 would
    # mean the spec itself is malformed, and anything else is a crash.
    if(NOT status STREQUAL "1")
        list(APPEND problems "exit status ${status}, expected 1")
    endif()
    foreach(text IN LISTS expected)
        string(FIND "${output}" "${text}" at)
        if(at EQUAL -1)
            list(APPEND problems "missing from the output: '${text}'")
        endif()
    endforeach()
endif()

if(problems)
    string(REPLACE ";" "\n  " problems "${problems}")
    message(FATAL_ERROR
        "${KIND} spec ${spec_name}:\n  ${problems}\n"
        "command: ${IVY} check ${options} ${spec_name}   (in ${spec_dir})\n"
        "---- output ----\n${output}---- end of output ----")
endif()
message(STATUS "${spec_name}: as expected (exit status ${status})")
