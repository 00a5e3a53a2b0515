# targets.cmake - the fuzz targets and what each needs, shared by the
# libFuzzer build (fuzz/CMakeLists.txt) and the standalone ctest runs
# (fuzz/standalone.cmake).
#
# A target is built only once every public function it calls is defined in
# src/*.c, so that the fuzz code can land before the parsers it exercises
# without breaking anyone's build.  While something is missing, every edit of
# src/*.c re-runs the configure step so the target appears as soon as its
# functions do.

set(CSSL_FUZZ_TARGETS decode_der decode_pem cert_json pem2der cert_time match_hostname
    handshake_client handshake_server)

# The functions fz_check_cert() (fuzz_cert.c) calls.
set(_cssl_fuzz_cert_api cssl_cert_info_from_json cssl_cert_info_to_json cssl_cert_info_to_repr
    cssl_cert_info_to_pprint cssl_cert_info_free)

set(CSSL_FUZZ_NEEDS_decode_der cssl_cert_info_from_der cssl_cert_info_from_pem
    cssl_der_cert_to_pem_cert ${_cssl_fuzz_cert_api})
set(CSSL_FUZZ_NEEDS_decode_pem cssl_cert_info_from_pem cssl_decode_cert ${_cssl_fuzz_cert_api})
set(CSSL_FUZZ_NEEDS_cert_json ${_cssl_fuzz_cert_api})
set(CSSL_FUZZ_NEEDS_pem2der cssl_pem_cert_to_der_cert cssl_der_cert_to_pem_cert)
set(CSSL_FUZZ_NEEDS_cert_time cssl_cert_time_to_seconds)
set(CSSL_FUZZ_NEEDS_match_hostname cssl_match_hostname cssl_cert_info_from_json
    cssl_cert_info_from_der cssl_cert_info_free)

# The functions fuzz_handshake.c (both handshake targets and their seed
# generator, make_handshake_corpus) calls.
set(_cssl_fuzz_handshake_api cssl_context_new cssl_context_free cssl_context_set_verify_mode
    cssl_context_load_verify_locations cssl_context_load_cert_chain
    cssl_context_set_maximum_version cssl_memory_bio_new cssl_memory_bio_free
    cssl_memory_bio_write cssl_memory_bio_read_all cssl_memory_bio_pending
    cssl_memory_bio_write_eof cssl_context_wrap_bio cssl_object_free cssl_object_do_handshake
    cssl_object_read cssl_object_write cssl_object_unwrap cssl_object_version cssl_object_cipher
    cssl_object_getpeercert cssl_cert_info_free)
set(CSSL_FUZZ_NEEDS_handshake_client ${_cssl_fuzz_handshake_api})
set(CSSL_FUZZ_NEEDS_handshake_server ${_cssl_fuzz_handshake_api})

# Targets that check decoded certificates link fuzz_cert.c; the handshake
# targets link fuzz_handshake.c.
set(CSSL_FUZZ_CERT_TARGETS decode_der decode_pem cert_json)
set(CSSL_FUZZ_HANDSHAKE_TARGETS handshake_client handshake_server)

# The cssl_* functions defined in src/*.c: a line at column 0 that names one
# before "(" and has no ";" (definitions, not declarations or calls).
function(_cssl_fuzz_defined_functions out)
  file(GLOB srcs ${CMAKE_SOURCE_DIR}/src/*.c)
  set(found "")
  foreach(f IN LISTS srcs)
    file(STRINGS ${f} lines REGEX "^([A-Za-z_][^;]*[ *])?cssl_[a-z0-9_]+\\([^;]*$")
    foreach(line IN LISTS lines)
      string(REGEX MATCH "cssl_[a-z0-9_]+\\(" name "${line}")
      string(REPLACE "(" "" name "${name}")
      list(APPEND found ${name})
    endforeach()
  endforeach()
  set(${out} ${found} PARENT_SCOPE)
endfunction()

# Sets CSSL_FUZZ_AVAILABLE (targets that can be built) and, for each missing
# one, CSSL_FUZZ_MISSING_<target> (the functions it still lacks).
function(cssl_fuzz_check_targets)
  _cssl_fuzz_defined_functions(defined)
  set(available "")
  set(any_missing OFF)
  foreach(t IN LISTS CSSL_FUZZ_TARGETS)
    set(missing "")
    foreach(fn IN LISTS CSSL_FUZZ_NEEDS_${t})
      if(NOT fn IN_LIST defined)
        list(APPEND missing ${fn})
      endif()
    endforeach()
    if(missing)
      set(any_missing ON)
      string(REPLACE ";" " " missing "${missing}")
      set(CSSL_FUZZ_MISSING_${t} "${missing}" PARENT_SCOPE)
    else()
      list(APPEND available ${t})
    endif()
  endforeach()
  if(any_missing)
    file(GLOB srcs ${CMAKE_SOURCE_DIR}/src/*.c)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${srcs})
  endif()
  set(CSSL_FUZZ_AVAILABLE ${available} PARENT_SCOPE)
endfunction()

# The sources of target t, without its main().
function(cssl_fuzz_sources t out)
  set(dir ${CMAKE_SOURCE_DIR}/fuzz)
  set(srcs ${dir}/fuzz_${t}.c ${dir}/fuzz_common.c)
  if(t IN_LIST CSSL_FUZZ_CERT_TARGETS)
    list(APPEND srcs ${dir}/fuzz_cert.c)
  endif()
  if(t IN_LIST CSSL_FUZZ_HANDSHAKE_TARGETS)
    list(APPEND srcs ${dir}/fuzz_handshake.c)
  endif()
  set(${out} ${srcs} PARENT_SCOPE)
endfunction()

# The seed generator of the handshake targets (a plain program, no
# libFuzzer), built when they are; it writes BUILD/fuzz-corpus/handshake_*.
function(cssl_fuzz_add_handshake_corpus_tool)
  if(NOT "handshake_client" IN_LIST CSSL_FUZZ_AVAILABLE)
    return()
  endif()
  set(dir ${CMAKE_SOURCE_DIR}/fuzz)
  add_executable(make_handshake_corpus ${dir}/make_handshake_corpus.c ${dir}/fuzz_handshake.c
                 ${dir}/fuzz_common.c)
  target_include_directories(make_handshake_corpus PRIVATE ${dir})
  target_link_libraries(make_handshake_corpus PRIVATE cssl_static cssl_options OpenSSL::SSL
                        OpenSSL::Crypto)
endfunction()
