# `ivy to_cpp` as a command: files in outdir= or ./build, build=true with the
# compiler's errors shown, Ivy's exit statuses (0, 1 compile failed, 2 bad input),
# and the ivy_to_cpp name.
#   -DIVY=<ivy> -DROOT=<repo> -DBUILD=<build dir> -DOUT=<scratch dir>
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/cwd/build)

function(expect what rc want_rc out want_text)
    if(NOT rc EQUAL want_rc)
        message(FATAL_ERROR "${what}: exit status ${rc}, expected ${want_rc}\n${out}")
    endif()
    if(want_text AND NOT out MATCHES "${want_text}")
        message(FATAL_ERROR "${what}: output lacks '${want_text}':\n${out}")
    endif()
endfunction()

# build=true: a runnable program, in ./build since the working directory has one.
execute_process(COMMAND ${IVY} to_cpp target=repl build=true ${ROOT}/examples/helloworld.ivy
                WORKING_DIRECTORY ${OUT}/cwd RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
expect("build=true" "${rc}" 0 "${out}" "g\\+\\+ -std=c\\+\\+20")
foreach(f helloworld.h helloworld.cpp helloworld)
    if(NOT EXISTS ${OUT}/cwd/build/${f})
        message(FATAL_ERROR "build=true did not produce build/${f}")
    endif()
endforeach()
file(WRITE ${OUT}/hello.in "hello(1)\nhello(7)\n")
execute_process(COMMAND ${OUT}/cwd/build/helloworld INPUT_FILE ${OUT}/hello.in
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
expect("the built program" "${rc}" 0 "${out}" "")
if(NOT out STREQUAL "< world(2)\n< world(8)\n")
    message(FATAL_ERROR "the built program printed:\n${out}${err}")
endif()

# An installed ivy finds the runtime headers installed next to it.
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${OUT}/prefix
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
expect("cmake --install" "${rc}" 0 "${out}" "")
execute_process(COMMAND ${OUT}/prefix/bin/ivy to_cpp target=repl build=true outdir=${OUT}/installed
                        ${ROOT}/examples/helloworld.ivy
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
expect("build=true by an installed ivy" "${rc}" 0 "${out}" " -I${OUT}/prefix/include ")
if(NOT EXISTS ${OUT}/installed/helloworld)
    message(FATAL_ERROR "the installed ivy built no program")
endif()

# The compiler's error is shown and the status is 1.
execute_process(COMMAND ${IVY} to_cpp target=repl build=true outdir=${OUT}/bad ${ROOT}/tests/codegen/cli/bad_native.ivy
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
expect("a compile error" "${rc}" 1 "${out}" "bad_native.cpp:[0-9]+:[0-9]+: error:")

# Bad input: status 2, Ivy's message.
execute_process(COMMAND ${IVY} to_cpp target=class outdir=${OUT}/x ${ROOT}/tests/codegen/cli/missing.ivy
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
expect("a missing file" "${rc}" 2 "${out}" "missing.ivy")
execute_process(COMMAND ${IVY} to_cpp target=nonsense ${ROOT}/examples/helloworld.ivy
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
expect("a bad target" "${rc}" 2 "${out}" "target")
file(WRITE ${OUT}/malformed.ivy "#lang ivy1.7\ntype t\naction a(x:t) = { x := }\nexport a\n")
execute_process(COMMAND ${IVY} to_cpp target=class outdir=${OUT}/x ${OUT}/malformed.ivy
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
expect("a malformed spec" "${rc}" 2 "${out}" "malformed.ivy: line 3: error")
execute_process(COMMAND ${IVY} to_cpp target=class bogus=1 ${ROOT}/examples/helloworld.ivy
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
expect("an unknown option" "${rc}" 2 "${out}" "bogus")
execute_process(COMMAND ${IVY} to_cpp target=test test_iters=lots ${ROOT}/examples/helloworld.ivy
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
expect("a bad test_iters" "${rc}" 2 "${out}" "bad parameter value: test_iters=lots")
if(EXISTS ${OUT}/x/malformed.h)
    message(FATAL_ERROR "a malformed spec produced files")
endif()
execute_process(COMMAND ${IVY} to_cpp isolate=nope outdir=${OUT}/x ${ROOT}/examples/helloworld.ivy
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
expect("an unknown isolate" "${rc}" 2 "${out}" "error: unknown isolate: nope")

# Ivy's own name for the command, options before the file.
get_filename_component(bin ${IVY} DIRECTORY)
execute_process(COMMAND ${bin}/ivy_to_cpp target=class classname=hw outdir=${OUT}/alias ${ROOT}/examples/helloworld.ivy
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
expect("ivy_to_cpp" "${rc}" 0 "${out}" "")
if(NOT EXISTS ${OUT}/alias/hw.h)
    message(FATAL_ERROR "ivy_to_cpp classname=hw wrote no hw.h")
endif()
