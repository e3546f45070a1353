# Third-party dependencies, all from Debian 12 packages (see appliance/scripts/install-deps.sh).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS system)
find_package(OpenSSL REQUIRED)
find_package(spdlog REQUIRED)
find_package(prometheus-cpp REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(tomlplusplus REQUIRED)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
pkg_check_modules(XERCES REQUIRED IMPORTED_TARGET xerces-c)
pkg_check_modules(QUICKFIX IMPORTED_TARGET quickfix)

# Asio and Beast are compiled once, in this library, rather than in every file
# that includes them: an incremental rebuild then takes seconds.
add_library(gw_asio STATIC ${CMAKE_CURRENT_LIST_DIR}/asio_impl.cc)
target_compile_definitions(gw_asio PUBLIC
  BOOST_ASIO_SEPARATE_COMPILATION BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED)
target_link_libraries(gw_asio PUBLIC Boost::boost OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
add_library(gw::asio ALIAS gw_asio)
