// File: gateway/fix/quickfix.h
//
// QuickFIX 1.15's headers (Debian's libquickfix-dev), for a C++20 build: every
// file of the product includes QuickFIX through this header and no other way.
//
// Those headers declare dynamic exception specifications, `throw( IOException )`,
// which C++17 removed; GCC and clang refuse them even in system headers. Here
// they are compiled away, so the declarations the product sees carry none:
// overrides of QuickFIX's virtual functions are written without them. The
// library itself was compiled as C++11/14, where such a specification is
// checked when an exception leaves the function: an exception of any other type
// passing through one of QuickFIX's functions ends the process
// (std::unexpected). So code that QuickFIX calls throws only what the
// specification of the function it implements names (FIX::IOException for
// MessageStore, FIX::ConfigError for MessageStoreFactory::create).
//
// Every standard header QuickFIX includes is included first, while `throw`
// has its meaning: the macro below is in force only while QuickFIX's own
// headers are read.
//
// The library was built with OpenSSL (HAVE_SSL), std::shared_ptr, and
// without HAVE_STD_UNIQUE_PTR (its SmartPtr is std::auto_ptr, which libstdc++
// still provides): the same settings here give its classes the same layout.
// There is no config.h to say so; `nm -DC libquickfix.so` does.
#pragma once

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <queue>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#ifndef HAVE_SSL
#define HAVE_SSL 1
#endif

#define throw(...)
#include <quickfix/Application.h>
#include <quickfix/DataDictionary.h>
#include <quickfix/Dictionary.h>
#include <quickfix/Exceptions.h>
#include <quickfix/FileStore.h>
#include <quickfix/Log.h>
#include <quickfix/Message.h>
#include <quickfix/MessageStore.h>
#include <quickfix/Parser.h>
#include <quickfix/Session.h>
#include <quickfix/SessionFactory.h>
#include <quickfix/SessionID.h>
#include <quickfix/SessionSettings.h>
#include <quickfix/ThreadedSSLSocketAcceptor.h>
#include <quickfix/ThreadedSSLSocketInitiator.h>
#undef throw
