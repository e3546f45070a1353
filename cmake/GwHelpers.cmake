# gw_cc_library(NAME n [SRCS ...] [GLOB] DEPS ...)
#   Creates target gw_<n> with alias gw::<n>. With GLOB, every *.cc below the
#   calling directory is a source (new files are picked up at the next build).
function(gw_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow
    -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual
    -Wimplicit-fallthrough
    -Wno-missing-field-initializers)  # designated initializers leave fields at their defaults on purpose
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 false positives inside std::string (GCC bug 105651); clang has no such option.
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(GW_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

function(gw_sanitize target)
  if(GW_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
endfunction()

function(gw_cc_library)
  cmake_parse_arguments(GW "GLOB;GLOB_FLAT" "NAME" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  set(srcs ${GW_SRCS})
  if(GW_GLOB)
    file(GLOB_RECURSE globbed CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
    list(APPEND srcs ${globbed})
  endif()
  if(GW_GLOB_FLAT)  # only this folder's own *.cc, not its subfolders'
    file(GLOB globbed CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
    list(APPEND srcs ${globbed})
  endif()
  if(NOT srcs)  # a component with headers only (so far)
    add_library(gw_${GW_NAME} INTERFACE)
    target_include_directories(gw_${GW_NAME} INTERFACE ${PROJECT_SOURCE_DIR})
    target_link_libraries(gw_${GW_NAME} INTERFACE ${GW_DEPS})
    add_library(gw::${GW_NAME} ALIAS gw_${GW_NAME})
    return()
  endif()
  add_library(gw_${GW_NAME} STATIC ${srcs})
  add_library(gw::${GW_NAME} ALIAS gw_${GW_NAME})
  target_include_directories(gw_${GW_NAME} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(gw_${GW_NAME} PUBLIC ${GW_DEPS} PRIVATE ${GW_PRIVATE_DEPS})
  gw_warnings(gw_${GW_NAME})
  gw_sanitize(gw_${GW_NAME})
endfunction()

# gw_cc_test(NAME n GLOB_DIR dir DEPS ...): one Catch2 executable per test folder,
# each TEST_CASE registered with CTest.
function(gw_cc_test)
  cmake_parse_arguments(GW "" "NAME;GLOB_DIR" "SRCS;DEPS;LABELS" ${ARGN})
  set(srcs ${GW_SRCS})
  if(GW_GLOB_DIR)
    file(GLOB_RECURSE globbed CONFIGURE_DEPENDS ${GW_GLOB_DIR}/*_test.cc)
    list(APPEND srcs ${globbed})
  endif()
  add_executable(${GW_NAME} ${srcs})
  target_link_libraries(${GW_NAME} PRIVATE gw_test_main ${GW_DEPS})
  gw_warnings(${GW_NAME})
  gw_sanitize(${GW_NAME})
  set(env "")
  if(GW_SANITIZE)
    set(env "LSAN_OPTIONS=suppressions=${PROJECT_SOURCE_DIR}/cmake/lsan-suppressions.txt")
  endif()
  # -w NoTests: a test whose name matches no test case fails instead of passing
  # without running anything (CTest splits names at ';', for instance).
  catch_discover_tests(${GW_NAME} EXTRA_ARGS -w NoTests
    PROPERTIES LABELS "${GW_LABELS}" ENVIRONMENT "${env}"
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()
