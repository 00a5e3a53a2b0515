# standalone.cmake - the fuzz targets as ordinary ctest tests (fuzz.<target>),
# included from tests/CMakeLists.txt.  No libFuzzer: each target's
# LLVMFuzzerTestOneInput() is linked with standalone_main.c and runs over the
# seed corpus (made from the "certs" fixture by fuzz/make_corpus.py), the
# checked-in regression inputs, and a few thousand deterministic mutations.
# With -DCSSL_FUZZ=ON (clang, libFuzzer) fuzz/CMakeLists.txt builds the real
# fuzzers instead and `make fuzz` runs them.

if(NOT CSSL_FUZZ)
  include(${CMAKE_SOURCE_DIR}/fuzz/targets.cmake)
  cssl_fuzz_check_targets()

  set(CSSL_FUZZ_CORPUS ${CMAKE_BINARY_DIR}/fuzz-corpus)
  set(CSSL_FUZZ_MUTATIONS 3000 CACHE STRING "Mutations per fuzz.<target> ctest run")
  set(_fuzz_workdir ${CMAKE_BINARY_DIR}/fuzz-standalone)
  file(MAKE_DIRECTORY ${_fuzz_workdir})

  add_test(NAME fuzz.corpus
    COMMAND ${CSSL_PYTHON3} ${CMAKE_SOURCE_DIR}/fuzz/make_corpus.py ${CSSL_CERT_DIR} ${CSSL_FUZZ_CORPUS})
  set_tests_properties(fuzz.corpus PROPERTIES
    ENVIRONMENT "${CSSL_TEST_ENV}" FIXTURES_REQUIRED certs FIXTURES_SETUP fuzz_corpus TIMEOUT 300)

  # The handshake targets' seeds: transcripts of cssl handshakes.
  cssl_fuzz_add_handshake_corpus_tool()
  if(TARGET make_handshake_corpus)
    add_test(NAME fuzz.handshake_corpus COMMAND make_handshake_corpus ${CSSL_FUZZ_CORPUS})
    set_tests_properties(fuzz.handshake_corpus PROPERTIES
      ENVIRONMENT "${CSSL_TEST_ENV}" FIXTURES_SETUP fuzz_corpus TIMEOUT 120)
  endif()

  foreach(t IN LISTS CSSL_FUZZ_TARGETS)
    if(NOT t IN_LIST CSSL_FUZZ_AVAILABLE)
      add_test(NAME fuzz.${t} COMMAND sh -c
        "echo 'fuzz_${t} not built: src/ does not define ${CSSL_FUZZ_MISSING_${t}} yet (re-run cmake once it does)'; exit 77")
      set_tests_properties(fuzz.${t} PROPERTIES SKIP_RETURN_CODE 77)
      continue()
    endif()
    cssl_fuzz_sources(${t} _srcs)
    add_executable(fuzz_standalone_${t} ${_srcs} ${CMAKE_SOURCE_DIR}/fuzz/standalone_main.c)
    target_include_directories(fuzz_standalone_${t} PRIVATE ${CMAKE_SOURCE_DIR}/fuzz)
    target_link_libraries(fuzz_standalone_${t} PRIVATE cssl_static cssl_options)
    add_test(NAME fuzz.${t}
      COMMAND fuzz_standalone_${t} -n ${CSSL_FUZZ_MUTATIONS}
              ${CSSL_FUZZ_CORPUS}/${t} ${CMAKE_SOURCE_DIR}/fuzz/regressions/${t}
      WORKING_DIRECTORY ${_fuzz_workdir})
    set_tests_properties(fuzz.${t} PROPERTIES
      ENVIRONMENT "${CSSL_TEST_ENV}" FIXTURES_REQUIRED "certs;fuzz_corpus" TIMEOUT 600)
  endforeach()
endif()
