# SPDX-License-Identifier: MIT
# NEWSDEX_SANITIZE="address;undefined" builds everything with those sanitizers.
if(NEWSDEX_SANITIZE)
    list(JOIN NEWSDEX_SANITIZE "," _newsdex_sanitizers)
    add_compile_options(-fsanitize=${_newsdex_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${_newsdex_sanitizers})
endif()

# Fuzzing: everything gets libFuzzer's coverage instrumentation, so that the
# targets in fuzz/ are guided through the library's code.
if(NEWSDEX_FUZZ)
    add_compile_options(-fsanitize=fuzzer-no-link)
endif()
